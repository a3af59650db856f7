package dev.affinity.session;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A class whose deserialization has a side effect, as a gadget's would; never on the allow-list. */
public class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean instantiated;

    public String payload = "boom";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        instantiated = true;
        in.defaultReadObject();
    }
}
