package io.bootsim.apiserver.authentication;

/** The token file cannot be used; kube-apiserver refuses to start with this message. */
public final class InvalidTokenFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTokenFileException(String message) {
        super(message);
    }
}
