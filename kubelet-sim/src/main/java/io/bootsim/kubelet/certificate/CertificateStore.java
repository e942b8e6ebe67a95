package io.bootsim.kubelet.certificate;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.PrivateFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The kubelet's certificate files for one prefix ({@code kubelet-client}, {@code kubelet-server})
 * in the cert dir: each new pair is written as {@code <prefix>-YYYY-MM-DD-HH-MM-SS.pem} (certificate
 * blocks, then the key block, mode 0600) and {@code <prefix>-current.pem} is switched to it
 * atomically: a symlink {@code <prefix>-updated.pem} is made, then renamed over the current one.
 * Loading tries the current link, then the configured cert/key files, then {@code <prefix>.crt}
 * and {@code <prefix>.key}.
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/certificate_store.go
public final class CertificateStore {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final Path certDir;
    private final String prefix;
    private final Path certFile;
    private final Path keyFile;

    /**
     * @param certFile and {@code keyFile} the configured pair (e.g. --tls-cert-file), or null
     */
    public CertificateStore(Path certDir, String prefix, Path certFile, Path keyFile) {
        this.certDir = certDir;
        this.prefix = prefix;
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    public Path currentPath() {
        return certDir.resolve(prefix + "-current.pem");
    }

    public String prefix() {
        return prefix;
    }

    /** The stored pair; empty when no file exists at all (client-go's NoCertKeyError). */
    public Optional<CertificateAndKey> current() throws StoreException {
        Path pair = currentPath();
        if (Files.exists(pair)) {
            return Optional.of(load(pair));
        }
        if (certFile != null && keyFile != null && Files.exists(certFile) && Files.exists(keyFile)) {
            return Optional.of(load(certFile, keyFile));
        }
        Path crt = certDir.resolve(prefix + ".crt");
        Path key = certDir.resolve(prefix + ".key");
        if (Files.exists(crt) && Files.exists(key)) {
            return Optional.of(load(crt, key));
        }
        return Optional.empty();
    }

    /** Writes the pair under a timestamp name and points the current link at it; returns the file. */
    public Path update(CertificateAndKey pair, Instant now) throws IOException {
        Path file = certDir.resolve(prefix + "-" + STAMP.format(now) + ".pem");
        PrivateFile.write(file, pair.encode());
        Path updated = certDir.resolve(prefix + "-updated.pem");
        Files.deleteIfExists(updated);
        Files.createSymbolicLink(updated, file.toAbsolutePath());
        Files.move(updated, currentPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Whether the current path is a symlink (as it is once the store has written it). */
    public boolean currentIsLink() {
        return Files.isSymbolicLink(currentPath()) && Files.exists(currentPath(), LinkOption.NOFOLLOW_LINKS);
    }

    private static CertificateAndKey load(Path pair) throws StoreException {
        try {
            return CertificateAndKey.parse(Files.readAllBytes(pair), pair.toString());
        } catch (IOException | PemException e) {
            throw new StoreException("could not convert data from \"" + pair + "\" into cert/key pair: "
                    + reason(e));
        }
    }

    private static CertificateAndKey load(Path cert, Path key) throws StoreException {
        try {
            return CertificateAndKey.parse(Files.readAllBytes(cert), cert.toString(), Files.readAllBytes(key),
                    key.toString());
        } catch (IOException | PemException e) {
            throw new StoreException("could not convert data from \"" + cert + "\" and \"" + key
                    + "\" into cert/key pair: " + reason(e));
        }
    }

    private static String reason(Exception e) {
        return e instanceof NoSuchFileException n ? "open " + n.getFile() + ": no such file or directory"
                : e.getMessage();
    }

    /** A file exists but is not a usable pair: upstream fails the start-up with this text. */
    public static final class StoreException extends Exception {
        private static final long serialVersionUID = 1L;

        public StoreException(String message) {
            super(message);
        }
    }
}
