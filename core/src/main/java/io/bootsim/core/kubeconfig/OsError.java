package io.bootsim.core.kubeconfig;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An I/O failure worded as Go's *PathError ("open /x: no such file or directory"), as users see it. */
final class OsError {

    private OsError() {
    }

    static String describe(String op, String path, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            reason = "not a directory";
        } else if (e.getMessage() != null && e.getMessage().contains("Is a directory")) {
            reason = "is a directory";
        } else {
            reason = String.valueOf(e.getMessage());
        }
        return op + " " + path + ": " + reason;
    }
}
