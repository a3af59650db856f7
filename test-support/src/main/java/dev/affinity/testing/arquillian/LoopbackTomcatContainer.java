package dev.affinity.testing.arquillian;

import dev.affinity.testing.FileTrees;
import dev.affinity.testing.TomcatContainer;
import dev.affinity.testing.Webapp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * An Arquillian container: embedded Tomcat (11 or 10.1, whichever is on the class path) through
 * {@link TomcatContainer}, bound to 127.0.0.1 only, which the Arquillian project's embedded Tomcat
 * adapter cannot do (its connector takes every interface; {@code bindAddress} names only the host).
 * Each deployment, a WAR at the root context, gets a Tomcat of its own and a temporary directory
 * deleted on undeployment. For client-side tests
 * ({@code @Deployment(testable = false)}, {@code @ArquillianResource URL}).
 */
public final class LoopbackTomcatContainer implements DeployableContainer<LoopbackTomcatConfiguration> {
    private LoopbackTomcatConfiguration configuration;
    private TomcatContainer tomcat;
    private Path workDir;

    @Override
    public Class<LoopbackTomcatConfiguration> getConfigurationClass() {
        return LoopbackTomcatConfiguration.class;
    }

    @Override
    public void setup(LoopbackTomcatConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() {
        // each deployment starts a Tomcat of its own
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            closeTomcat();
        } catch (Exception e) {
            throw new LifecycleException("embedded Tomcat did not stop", e);
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        try {
            closeTomcat();
            workDir = Files.createTempDirectory("affinity-arquillian-tomcat");
            Path war = workDir.resolve(archive.getName());
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
            tomcat = new TomcatContainer();
            tomcat.bind(configuration.getBindHttpPort());
            tomcat.deploy(Webapp.of(war, Map.of(), workDir));
            return new ProtocolMetaData().addContext(new HTTPContext("127.0.0.1", tomcat.port()));
        } catch (Exception e) {
            throw new DeploymentException("could not deploy " + archive.getName() + " on embedded Tomcat", e);
        }
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        try {
            closeTomcat();
        } catch (Exception e) {
            throw new DeploymentException("could not undeploy " + archive.getName(), e);
        }
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("only archives are deployed");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("only archives are deployed");
    }

    private void closeTomcat() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.close();
                tomcat = null;
            }
        } finally {
            if (workDir != null) {
                FileTrees.delete(workDir);
                workDir = null;
            }
        }
    }
}
