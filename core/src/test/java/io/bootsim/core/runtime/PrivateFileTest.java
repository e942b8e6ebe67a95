package io.bootsim.core.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrivateFileTest {

    @TempDir
    Path dir;

    @Test
    void makesMissingDirectoriesAndLeavesOnlyTheFileReadableByItsOwner() throws Exception {
        Path file = dir.resolve("var/lib/kubelet/pki/kubelet-client.key.tmp");

        PrivateFile.write(file, "first");

        assertEquals("first", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), Files.list(file.getParent()).toList());
    }

    @Test
    void replacesAFileInADirectoryThatIsThere() throws Exception {
        Path file = dir.resolve("kubelet.kubeconfig");
        Files.writeString(file, "old and longer");

        PrivateFile.write(file, "new");

        assertEquals("new", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), Files.list(dir).toList());
    }
}
