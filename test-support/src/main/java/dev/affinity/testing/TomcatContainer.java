package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Globals;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.modeler.Registry;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat through its own API, 11 or 10.1, whichever is on the class path (the Arquillian
 * adapter binds every interface, which these tests must not). A WAR gets the error report valve the
 * README advises ({@code showReport="false" showServerInfo="false"}), static files served by the
 * default servlet but no JSP support, and no scanning of its jars. Its base directory is a temporary
 * one, deleted on {@link #close}.
 */
public final class TomcatContainer implements ServletContainer {
    static {
        // several Tomcats share the test JVM: no JMX registry, whose names they would all claim
        Registry.disableRegistry();
        // the first Tomcat's base directory would be the home (catalina.home) of every later one, which
        // creates it again once deleted: they share a home that outlives them, the JVM's temporary directory
        if (System.getProperty(Globals.CATALINA_HOME_PROP) == null) {
            System.setProperty(Globals.CATALINA_HOME_PROP, System.getProperty("java.io.tmpdir"));
        }
    }

    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;
    private Connector connector;
    private Context context;
    private boolean started;
    private int sendBufferBytes;

    public TomcatContainer() {
        try {
            baseDir = Files.createTempDirectory("affinity-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getHost().setAutoDeploy(false);
    }

    /** Tomcat whose accepted connections send through a socket buffer of {@code sendBufferBytes}: a client that does not read soon holds a pending write. */
    public static TomcatContainer withSendBuffer(int sendBufferBytes) {
        TomcatContainer tomcat = new TomcatContainer();
        tomcat.sendBufferBytes = sendBufferBytes;
        return tomcat;
    }

    @Override
    public int bind(int port) throws Exception {
        connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        if (sendBufferBytes > 0) {
            connector.setProperty("socket.txBufSize", Integer.toString(sendBufferBytes));
        }
        tomcat.setConnector(connector);
        tomcat.init();
        return connector.getLocalPort();
    }

    @Override
    public void start(ServletApp app) throws Exception {
        bindIfUnbound();
        StandardContext standard = (StandardContext) tomcat.addContext(app.contextPath(),
                app.writeResources(Files.createDirectories(baseDir.resolve("docs"))).toString());
        standard.setClearReferencesRmiTargets(false);
        standard.setClearReferencesThreadLocals(false);
        context = standard;
        app.contextParameters().forEach((name, value) -> {
            ApplicationParameter parameter = new ApplicationParameter();
            parameter.setName(name);
            parameter.setValue(value);
            standard.addApplicationParameter(parameter);
        });
        Map<String, Object> attributes = app.contextAttributes();
        if (!attributes.isEmpty()) {
            standard.addServletContainerInitializer((classes, servletContext) -> attributes.forEach(servletContext::setAttribute), null);
        }
        for (ServletApp.FilterEntry entry : app.filters()) {
            FilterDef filter = new FilterDef();
            filter.setFilterName(entry.name());
            if (entry.instance() != null) {
                filter.setFilter(entry.instance());
            } else {
                filter.setFilterClass(entry.type().getName());
            }
            filter.setAsyncSupported(String.valueOf(entry.asyncSupported()));
            entry.initParameters().forEach(filter::addInitParameter);
            context.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName(entry.name());
            mapping.addURLPattern("/*");
            context.addFilterMap(mapping);
        }
        for (ServletApp.ServletEntry entry : app.servlets()) {
            Wrapper wrapper = Tomcat.addServlet(context, entry.name(), entry.servlet());
            wrapper.setAsyncSupported(entry.asyncSupported());
            context.addServletMappingDecoded(entry.mapping(), entry.name());
        }
        startContext();
    }

    @Override
    public void deploy(Webapp webapp) throws Exception {
        deploy(webapp, "");
    }

    /** Deploys {@code webapp} (a WAR or an exploded directory, its {@code META-INF/context.xml} read) at {@code contextPath}. */
    public void deploy(Webapp webapp, String contextPath) throws Exception {
        bindIfUnbound();
        tomcat.getHost().setAppBase(Files.createDirectories(webapp.workDir().resolve("webapps")).toString());
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        // Tomcat's default web.xml maps JSPs to Jasper, which is not on the class path: serve static files only
        tomcat.setAddDefaultWebXmlToWebapp(false);
        context = tomcat.addWebapp(contextPath, webapp.war().toAbsolutePath().toString());
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
        startContext();
    }

    private void bindIfUnbound() throws Exception {
        if (connector == null) {
            bind(0);
        }
    }

    private void startContext() throws Exception {
        started = true;
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the webapp " + context.getName() + " did not start on Tomcat: " + context.getState());
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    /** The engine, to set up (its {@code jvmRoute}) before anything is deployed. */
    public Engine engine() {
        return tomcat.getEngine();
    }

    /** The webapp's context, once started. */
    public Context context() {
        return context;
    }

    @Override
    public ClassLoader webappClassLoader() {
        return context.getLoader().getClassLoader();
    }

    /** Stops and destroys Tomcat, then deletes its base directory. */
    @Override
    public void close() throws Exception {
        try {
            if (started) {
                tomcat.stop();
            }
            tomcat.destroy();
        } finally {
            FileTrees.delete(baseDir);
        }
    }
}
