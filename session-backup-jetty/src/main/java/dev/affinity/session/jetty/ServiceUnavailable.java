package dev.affinity.session.jetty;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The {@code 503} a request gets when its session cannot be read or its change saved: {@code Retry-After: 1} and a one-line plain-text reason. */
final class ServiceUnavailable {
    private ServiceUnavailable() {
    }

    /** Answers {@code response} (not yet committed) with the {@code 503}. */
    static void answer(Response response, Callback callback, String reason) {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, reason + "\n", callback);
    }

    /** The response head of the {@code 503} for a body of {@code length} bytes, in place of one not yet sent. */
    static MetaData.Response head(HttpVersion version, int length) {
        HttpFields fields = HttpFields.build()
                .put(HttpHeader.RETRY_AFTER, "1")
                .put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8")
                .put(HttpHeader.CONTENT_LENGTH, Integer.toString(length));
        return new MetaData.Response(HttpStatus.SERVICE_UNAVAILABLE_503, null, version, fields, length);
    }
}
