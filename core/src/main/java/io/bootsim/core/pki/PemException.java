package io.bootsim.core.pki;

/**
 * Input that is not the PEM or DER it should be. The message is complete and meant for the user:
 * it names the file (or field) and line, what was found and what was expected.
 */
public final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
        super(message);
    }
}
