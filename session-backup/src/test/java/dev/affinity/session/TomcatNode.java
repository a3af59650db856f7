package dev.affinity.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat on 127.0.0.1 and a free port. */
final class TomcatNode extends Node {
    private final Tomcat tomcat;

    TomcatNode(Map<String, String> filterSettings) throws Exception {
        tomcat = new Tomcat();
        Path base = Files.createTempDirectory("affinity-tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("/app", dir(base));
        FilterDef def = new FilterDef();
        def.setFilterName("session-backup");
        def.setFilter(filter());
        filterSettings.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("session-backup");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        Tomcat.addServlet(context, "session", new SessionServlet());
        context.addServletMappingDecoded("/s", "session");
        tomcat.start();
        started(connector.getLocalPort());
    }

    private static String dir(Path base) {
        try {
            return Files.createDirectories(base.resolve("webapp")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
