package dev.affinity.session.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization; reading is guarded by the {@link AllowList} filter, which rejects a class
 * after it is resolved (without initialising it) and before any instance is created. Classes
 * resolve through the webapp's class loader.
 */
public final class JavaSerializationCodec implements AttributeCodec {
    private final AllowList allowList;
    private final ClassLoader loader;

    /** A codec resolving classes through {@code loader}, reading only what {@code allowList} allows. */
    public JavaSerializationCodec(AllowList allowList, ClassLoader loader) {
        this.allowList = allowList;
        this.loader = loader;
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        byte[] encoded = bytes.toByteArray();
        allowList.checkSize(encoded);
        return encoded;
    }

    @Override
    public Object decode(byte[] bytes) throws IOException {
        allowList.checkSize(bytes);
        String[] refused = new String[1];
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = allowList.filter().checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
                    refused[0] = info.serialClass().getName();
                }
                return status;
            });
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new RefusedClassException((refused[0] != null ? "class " + refused[0] : "the payload")
                    + " is refused by the serialization.allow list (" + e.getMessage() + ")");
        } catch (ClassNotFoundException e) {
            throw new IOException("class not found: " + e.getMessage(), e);
        }
    }

    /** Resolves classes through a given loader (the webapp's), not the loader of this jar. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(ByteArrayInputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
