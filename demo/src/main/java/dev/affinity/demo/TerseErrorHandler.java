package dev.affinity.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.util.StringUtil;

/**
 * Jetty's error page reduced to the status and its reason: no stack, no servlet name and none of
 * the "CAUSED BY" rows that would show exception classes to whoever sent a malformed request.
 */
final class TerseErrorHandler extends ErrorHandler {
    TerseErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    protected void writeErrorPageMessage(HttpServletRequest request, Writer writer, int code, String message, String uri)
            throws IOException {
        writer.write("<h2>HTTP ERROR " + code + "</h2>\n<p>" + StringUtil.sanitizeXmlString(message) + "</p>\n");
    }
}
