package dev.affinity.balancer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The balancer WAR on embedded Tomcat, with the error report valve set as the README advises
 * ({@code showReport="false" showServerInfo="false"}), so that requests Tomcat itself rejects get
 * no stack trace.
 */
final class TomcatBalancerContainer implements BalancerContainer {
    private Tomcat tomcat;
    private Context context;

    @Override
    public URI deploy(Path war, Path config, Path workDir) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        Path appBase = Files.createDirectories(workDir.resolve("webapps"));
        tomcat.getHost().setAppBase(appBase.toString());
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        context.addParameter(BalancerConfigLoader.CONFIG_PROPERTY, config.toString());
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the balancer webapp did not start on Tomcat: " + context.getState());
        }
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
