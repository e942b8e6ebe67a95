package io.bootsim.scenario.diagnosis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where a kubelet's bootstrap can stop, in the order the flow passes them. */
public enum Stage {
    STARTUP, AUTHENTICATION, CSR_CREATION, APPROVAL, SIGNING, REGISTRATION, SERVING, ROTATION;

    /** As scenario files and reports write it: {@code csr-creation}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Stage::label).toList();
    }
}
