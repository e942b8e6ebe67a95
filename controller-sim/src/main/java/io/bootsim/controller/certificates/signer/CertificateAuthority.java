package io.bootsim.controller.certificates.signer;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyUsages;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.FileSystemRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The signing CA of one signer, loaded from its two files with upstream's start-up errors, and
 * the signing itself: subject and SANs copied from the CSR, usages from spec.usages, validity from
 * the policy, a random 128-bit serial from the component's stream.
 */
// upstream: pkg/controller/certificates/signer/ca_provider.go, authority/authority.go,
// staging/src/k8s.io/apiserver/pkg/server/dynamiccertificates/dynamic_serving_content.go
public record CertificateAuthority(X509Certificate certificate, CertificateAndKey pair) {

    /** A start-up failure, with upstream's text. */
    public static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message);
        }
    }

    /** Loads a CA from its files as the 1.19+ signer does (one certificate, a matching key). */
    public static CertificateAuthority load(String certFile, String keyFile) throws LoadException {
        return load(certFile, keyFile, FileSystemRoot.HOST);
    }

    /** The same, with the files read under {@code root}; messages name them as the flags do. */
    public static CertificateAuthority load(String certFile, String keyFile, FileSystemRoot root) throws LoadException {
        String prefix = "error reading CA cert file \"" + certFile + "\": ";
        if (certFile.isEmpty() || keyFile.isEmpty()) {
            throw new LoadException(prefix + "missing filename for serving cert");
        }
        String loader = "csr-controller::" + certFile + "::" + keyFile;
        byte[] cert = read(root, certFile, prefix);
        byte[] key = read(root, keyFile, prefix);
        if (cert.length == 0 || key.length == 0) {
            throw new LoadException(prefix + "missing content for serving cert \"" + loader + "\"");
        }
        CertificateAndKey pair;
        try {
            pair = CertificateAndKey.parse(cert, certFile, key, keyFile);
        } catch (PemException e) {
            throw new LoadException(prefix + goTlsText(e.getMessage(), keyFile));
        }
        if (pair.certificates().size() != 1) {
            throw new LoadException("error reading CA cert file \"" + loader + "\": expected 1 certificate, found "
                    + pair.certificates().size());
        }
        return new CertificateAuthority(pair.certificate(), pair);
    }

    /** An in-memory CA, for embedding and tests. */
    public static CertificateAuthority of(CertificateAndKey pair) {
        return new CertificateAuthority(pair.certificate(), pair);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The outcome of signing: a PEM certificate or the error upstream returns (requeued, never a Failed condition). */
    public sealed interface Signed {
    }

    public record Issued(X509Certificate certificate, String pem) implements Signed {
    }

    public record Error(String message) implements Signed {
    }

    public Signed sign(CertificateRequest request, List<String> usages, SigningPolicy policy, Instant now, SecureRandom serials) {
        try {
            request.checkSignature();
        } catch (SignatureException e) {
            return new Error("unable to verify certificate request signature: " + e.getMessage());
        }
        try {
            KeyUsages.fromStrings(usages);
        } catch (IllegalArgumentException e) {
            return new Error(e.getMessage());
        }
        SigningPolicy.Validity validity = policy.validity(now, notAfter());
        if (validity instanceof SigningPolicy.Refused refused) {
            return new Error(refused.message());
        }
        SigningPolicy.Window window = (SigningPolicy.Window) validity;
        CertificateSpec spec = new CertificateSpec(request.subject(), request.dnsNames(), request.ipAddresses(),
                request.emailAddresses(), request.uris(), usages, false, window.notBefore(), window.notAfter(), null);
        X509Certificate issued = Certificates.sign(spec, request.publicKey(), certificate, pair.privateKey(), serials);
        return new Issued(issued, Pem.encodeCertificate(issued));
    }

    private static byte[] read(FileSystemRoot root, String file, String prefix) throws LoadException {
        try {
            return Files.readAllBytes(root.resolve(file));
        } catch (NoSuchFileException e) {
            throw new LoadException(prefix + "open " + file + ": no such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new LoadException(prefix + "open " + file + ": permission denied");
        } catch (IOException e) {
            throw new LoadException(prefix + "read " + file + ": " + e.getMessage());
        }
    }

    /** Go's tls.X509KeyPair texts for what our PEM parser reports with file names and detail. */
    private static String goTlsText(String message, String keyFile) {
        if (message.startsWith(keyFile + ":") && !message.contains("tls: ")) {
            return "tls: failed to find any PEM data in key input";
        }
        if (message.contains("no PEM data found") || message.contains("PEM block found")) {
            return "tls: failed to find any PEM data in certificate input";
        }
        int tls = message.indexOf("tls: ");
        if (tls >= 0) {
            String text = message.substring(tls);
            return text.startsWith("tls: private key does not match public key") ? "tls: private key does not match public key" : text;
        }
        return message;
    }
}
