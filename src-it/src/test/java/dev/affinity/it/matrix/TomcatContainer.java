package dev.affinity.it.matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat (10.1 or 11, whichever is on the class path) through its own API: the Arquillian
 * adapter binds every interface, which these tests must not. A replacement {@code web.xml} is given
 * as Tomcat's alternate deployment descriptor.
 */
public final class TomcatContainer implements ServletContainer {
    private Tomcat tomcat;
    private Context context;

    @Override
    public void start(Webapp webapp) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(webapp.workDir().toString());
        Path appBase = Files.createDirectories(webapp.workDir().resolve("webapps"));
        tomcat.getHost().setAppBase(appBase.toString());
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        Connector connector = new Connector();
        connector.setPort(webapp.port());
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        context = tomcat.addWebapp("", webapp.war().toAbsolutePath().toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        webapp.descriptor().ifPresent(d -> context.setAltDDName(d.toString()));
        webapp.contextParameters().forEach(context::addParameter);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the webapp " + webapp.war() + " did not start on Tomcat: " + context.getState());
        }
    }

    @Override
    public ClassLoader webappClassLoader() {
        return context.getLoader().getClassLoader();
    }

    @Override
    public String description() {
        return ServerInfo.getServerInfo();
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
