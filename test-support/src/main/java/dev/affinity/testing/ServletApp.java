package dev.affinity.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webapp assembled in code: filters mapped to {@code /*} for requests, in the order added, and
 * servlets, at one context path. Each filter and servlet says whether it is async-supported. It may
 * have context parameters (as {@code <context-param>} or Tomcat's {@code context.xml}
 * {@code <Parameter>} give them), context attributes set before any filter starts (as an
 * application's {@code ServletContextListener} sets them) and files in its document root (such as
 * {@code /WEB-INF/x.json}).
 */
public final class ServletApp {
    private final String contextPath;
    private final List<FilterEntry> filters = new ArrayList<>();
    private final List<ServletEntry> servlets = new ArrayList<>();
    private final Map<String, String> contextParameters = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final Map<String, Object> contextAttributes = new LinkedHashMap<>();

    /** An app at {@code contextPath} ({@code ""} for the root, else starting with {@code /}). */
    public ServletApp(String contextPath) {
        this.contextPath = contextPath;
    }

    /** Adds an async-supported filter instance with its init-params. */
    public ServletApp filter(String name, Filter filter, Map<String, String> initParameters) {
        filters.add(new FilterEntry(name, filter, null, initParameters, true));
        return this;
    }

    /** Adds a filter the container instantiates from {@code type}, with its init-params. */
    public ServletApp filter(String name, Class<? extends Filter> type, Map<String, String> initParameters, boolean asyncSupported) {
        filters.add(new FilterEntry(name, null, type, initParameters, asyncSupported));
        return this;
    }

    /** Adds a servlet at {@code mapping}, not async-supported (as a servlet is unless declared so). */
    public ServletApp servlet(String name, Servlet servlet, String mapping) {
        servlets.add(new ServletEntry(name, servlet, mapping, false));
        return this;
    }

    /** Adds an async-supported servlet at {@code mapping}. */
    public ServletApp asyncServlet(String name, Servlet servlet, String mapping) {
        servlets.add(new ServletEntry(name, servlet, mapping, true));
        return this;
    }

    /** Adds the context parameter {@code name}. */
    public ServletApp contextParameter(String name, String value) {
        contextParameters.put(name, value);
        return this;
    }

    /** Sets the context attribute {@code name} before the filters start. */
    public ServletApp contextAttribute(String name, Object value) {
        contextAttributes.put(name, value);
        return this;
    }

    /** The context attributes set before the filters start. */
    public Map<String, Object> contextAttributes() {
        return Map.copyOf(contextAttributes);
    }

    /** Adds a file at {@code path} (starting with {@code /}) of the document root, holding {@code content} in UTF-8. */
    public ServletApp resource(String path, String content) {
        resources.put(path, content);
        return this;
    }

    /** The context parameters. */
    public Map<String, String> contextParameters() {
        return Map.copyOf(contextParameters);
    }

    /** The files of the document root, by path. */
    public Map<String, String> resources() {
        return Map.copyOf(resources);
    }

    /**
     * Writes {@link #resources()} under {@code root}.
     *
     * @return {@code root}
     */
    public Path writeResources(Path root) throws IOException {
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            Path file = root.resolve(resource.getKey().substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        return root;
    }

    /** The context path. */
    public String contextPath() {
        return contextPath;
    }

    /** The filters, in order. */
    public List<FilterEntry> filters() {
        return List.copyOf(filters);
    }

    /** The servlets. */
    public List<ServletEntry> servlets() {
        return List.copyOf(servlets);
    }

    /**
     * One filter: an instance, or a class the container instantiates.
     *
     * @param name the filter's name
     * @param instance the filter, or {@code null} when {@code type} is given
     * @param type the filter's class, or {@code null} when {@code instance} is given
     * @param initParameters its init-params
     * @param asyncSupported whether it is declared async-supported
     */
    public record FilterEntry(String name, Filter instance, Class<? extends Filter> type,
                              Map<String, String> initParameters, boolean asyncSupported) {
    }

    /**
     * One servlet.
     *
     * @param name the servlet's name
     * @param servlet the servlet
     * @param mapping its URL pattern
     * @param asyncSupported whether it is declared async-supported
     */
    public record ServletEntry(String name, Servlet servlet, String mapping, boolean asyncSupported) {
    }
}
