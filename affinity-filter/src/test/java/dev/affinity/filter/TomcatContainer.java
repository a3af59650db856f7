package dev.affinity.filter;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** An embedded Tomcat; the port is bound at init, before the webapp starts. */
final class TomcatContainer implements Container {
    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;
    private Connector connector;
    private boolean started;

    TomcatContainer() throws Exception {
        baseDir = Files.createTempDirectory("affinity-tomcat");
        tomcat.setBaseDir(baseDir.toString());
    }

    @Override
    public int bind(int port) throws Exception {
        connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.init();
        return connector.getLocalPort();
    }

    @Override
    public void start(HttpServlet app, Map<String, String> filterParameters) throws Exception {
        StandardContext context = (StandardContext) tomcat.addContext("/app", baseDir.toString());
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        Tomcat.addServlet(context, "app", app);
        context.addServletMappingDecoded("/*", "app");
        FilterDef filter = new FilterDef();
        filter.setFilterName("affinity");
        filter.setFilterClass(AffinityFilter.class.getName());
        filter.setAsyncSupported("true");
        filterParameters.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("affinity");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        started = true;
        tomcat.start();
    }

    @Override
    public void close() throws Exception {
        if (started) {
            tomcat.stop();
        }
        tomcat.destroy();
    }
}
