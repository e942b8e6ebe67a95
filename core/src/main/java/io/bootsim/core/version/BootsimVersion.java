package io.bootsim.core.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** bootsim's own version, stamped into the jar by the build. */
public final class BootsimVersion {

    private BootsimVersion() {
    }

    public static String get() {
        try (InputStream in = BootsimVersion.class.getResourceAsStream("bootsim.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
