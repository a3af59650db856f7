package dev.affinity.it.matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.modeler.Registry;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat (10.1 or 11, whichever is on the class path) through its own API: the Arquillian
 * adapter binds every interface, which these tests must not. A replacement {@code web.xml} is given
 * as Tomcat's alternate deployment descriptor.
 */
public final class TomcatContainer implements ServletContainer {
    static {
        // several Tomcats share this JVM: no JMX registry, whose names they would all claim
        Registry.disableRegistry();
    }

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
        // Tomcat's default web.xml maps JSPs to Jasper, which is not on the class path: serve static files only
        tomcat.setAddDefaultWebXmlToWebapp(false);
        context = tomcat.addWebapp("", webapp.war().toAbsolutePath().toString());
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        // the WARs' jars hold no web fragments, initializers or TLDs: skip scanning them (Hazelcast's is large)
        StandardJarScanner scanner = (StandardJarScanner) context.getJarScanner();
        scanner.setScanClassPath(false);
        StandardJarScanFilter skipAll = new StandardJarScanFilter();
        skipAll.setTldSkip("*");
        skipAll.setPluggabilitySkip("*");
        scanner.setJarScanFilter(skipAll);
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
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
