package io.bootsim.cli;

/** What a command prints until the issue that builds it lands. */
final class NotYetImplemented {

    private NotYetImplemented() {
    }

    static int report(String command, String issue) {
        System.err.println("bootsim " + command + ": not implemented yet (" + issue + ")");
        return 3;
    }
}
