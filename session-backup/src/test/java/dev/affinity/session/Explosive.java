package dev.affinity.session;

import java.io.ObjectInputStream;
import java.io.Serializable;

/** A value whose deserialization raises an {@link Error}, as a payload that exhausts the heap would. */
public class Explosive implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) {
        throw new OutOfMemoryError("Java heap space (planted by Explosive)");
    }
}
