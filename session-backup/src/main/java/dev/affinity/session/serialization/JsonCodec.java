package dev.affinity.session.serialization;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Jackson JSON: {@code {"type": "<class>", "value": <json>}}. The type is checked against the
 * {@link AllowList} before it is loaded; Jackson's default typing stays off, so nested values
 * are read as the declared property types only. The allow-list's size and nesting limits hold.
 */
public final class JsonCodec implements AttributeCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(AllowList.MAX_DEPTH + 1).build())
            .build()).findAndRegisterModules();
    private final AllowList allowList;
    private final ClassLoader loader;

    /** A codec resolving classes through {@code loader}, reading only what {@code allowList} allows. */
    public JsonCodec(AllowList allowList, ClassLoader loader) {
        this.allowList = allowList;
        this.loader = loader;
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", value.getClass().getName());
        node.set("value", MAPPER.valueToTree(value));
        byte[] encoded = MAPPER.writeValueAsBytes(node);
        allowList.checkSize(encoded);
        return encoded;
    }

    @Override
    public Object decode(byte[] bytes) throws IOException {
        allowList.checkSize(bytes);
        JsonNode node = MAPPER.readTree(bytes);
        if (node == null || !node.path("type").isTextual() || !node.has("value")) {
            throw new IOException("not an attribute written by the JSON codec");
        }
        String type = node.get("type").asText();
        if (!allowList.allows(type)) {
            throw new RefusedClassException("class " + type + " is not on the serialization.allow list");
        }
        try {
            return MAPPER.treeToValue(node.get("value"), Class.forName(type, false, loader));
        } catch (ClassNotFoundException e) {
            throw new IOException("class not found: " + type, e);
        }
    }
}
