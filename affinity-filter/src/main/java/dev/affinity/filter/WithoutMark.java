package dev.affinity.filter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;

/** A request whose invalid {@code Affinity-Forwarded} header is hidden from the application. */
final class WithoutMark extends HttpServletRequestWrapper {

    WithoutMark(HttpServletRequest request) {
        super(request);
    }

    @Override
    public String getHeader(String name) {
        return isMark(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return isMark(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(n -> !isMark(n)).toList());
    }

    @Override
    public long getDateHeader(String name) {
        return isMark(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        return isMark(name) ? -1 : super.getIntHeader(name);
    }

    private static boolean isMark(String name) {
        return ForwardingMark.HEADER.equalsIgnoreCase(name);
    }
}
