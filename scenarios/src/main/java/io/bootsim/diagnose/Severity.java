package io.bootsim.diagnose;

/** How much a finding matters: an error stops the bootstrap, a warning is a risk, info explains. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
