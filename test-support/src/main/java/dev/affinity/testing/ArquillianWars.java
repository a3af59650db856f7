package dev.affinity.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Built WARs as Arquillian deployments. */
public final class ArquillianWars {
    private ArquillianWars() {
    }

    /**
     * The WAR at {@code war}, named {@code name}, with a context parameter added to its
     * {@code web.xml} (before its first {@code <listener>}).
     */
    public static WebArchive withContextParameter(Path war, String name, String parameter, String value) {
        WebArchive archive = ShrinkWrap.create(ZipImporter.class, name).importFrom(war.toFile()).as(WebArchive.class);
        String webXml;
        try (InputStream in = archive.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        archive.setWebXML(new StringAsset(webXml.replace("<listener>", "<context-param><param-name>" + parameter
                + "</param-name><param-value>" + value + "</param-value></context-param>\n  <listener>")));
        return archive;
    }
}
