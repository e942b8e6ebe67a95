package io.bootsim.core.flags;

/** A command line pflag rejects; the message is pflag's text ("unknown flag: --foo"). */
public final class FlagParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public FlagParseException(String message) {
        super(message);
    }
}
