package dev.affinity.it.matrix;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A WAR's own {@code web.xml} with init-params added to its filters: how one WAR gets each node's
 * settings when several nodes share a JVM (system properties would be shared by all of them).
 */
final class Descriptors {
    private static final String NAMESPACE = "https://jakarta.ee/xml/ns/jakartaee";

    private Descriptors() {
    }

    /**
     * Writes {@code target}: the WAR's {@code WEB-INF/web.xml} where each filter named in
     * {@code parameters} gets those init-params.
     */
    static Path withFilterParameters(Path war, Map<String, Map<String, String>> parameters, Path target) throws Exception {
        Document document;
        try (ZipFile zip = new ZipFile(war.toFile()); InputStream in = zip.getInputStream(zip.getEntry("WEB-INF/web.xml"))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            document = factory.newDocumentBuilder().parse(in);
        }
        NodeList filters = document.getElementsByTagNameNS(NAMESPACE, "filter");
        int configured = 0;
        for (int i = 0; i < filters.getLength(); i++) {
            Element filter = (Element) filters.item(i);
            String name = filter.getElementsByTagNameNS(NAMESPACE, "filter-name").item(0).getTextContent().trim();
            Map<String, String> added = parameters.get(name);
            if (added != null) {
                added.forEach((param, value) -> filter.appendChild(initParam(document, param, value)));
                configured++;
            }
        }
        if (configured != parameters.size()) {
            throw new IllegalArgumentException("the web.xml of " + war + " lacks some of the filters " + parameters.keySet());
        }
        Files.createDirectories(target.getParent());
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(target.toFile()));
        return target;
    }

    private static Element initParam(Document document, String name, String value) {
        Element param = document.createElementNS(NAMESPACE, "init-param");
        Element paramName = document.createElementNS(NAMESPACE, "param-name");
        paramName.setTextContent(name);
        Element paramValue = document.createElementNS(NAMESPACE, "param-value");
        paramValue.setTextContent(value);
        param.appendChild(paramName);
        param.appendChild(paramValue);
        return param;
    }
}
