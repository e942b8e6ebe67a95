package io.bootsim.core.pki;

import io.bootsim.core.api.GoFormat;

import io.bootsim.core.version.KubeVersion;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The verification step of Kubernetes' x509 request authenticator, which kube-apiserver
 * (--client-ca-file) and the kubelet (authentication.x509.clientCAFile) share: Go's
 * {@code x509.Certificate.Verify} with {@code KeyUsages=[ClientAuth]} at the component's own time, not
 * the machine's. Chains are built from the client's intermediates to the client CAs; a certificate
 * without an extended key usage is accepted, one whose EKUs lack clientAuth/any is not; KeyUsage bits
 * are ignored except that a parent with KeyUsage set must allow certSign. Failures carry Go's error
 * texts, wrapped as the authenticator wraps them.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/x509/x509.go (Authenticator.AuthenticateRequest);
// golang src/crypto/x509/verify.go (Verify, buildChains, isValid), x509.go (CheckSignatureFrom)
public final class ClientCertificateVerifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private enum Kind { LEAF, INTERMEDIATE, ROOT }

    /** Verification failed; the message is the authenticator's error text. */
    public static final class VerificationError extends Exception {
        private static final long serialVersionUID = 1L;

        VerificationError(String message) {
            super(message);
        }
    }

    /** Enough for every node of a 5,000-node bench twice over (about 150 bytes each). */
    private static final int REMEMBERED_SIGNATURES = 1 << 14;

    private final List<X509Certificate> roots;
    private final KubeVersion version;
    // the apiserver sees a node's certificate with each of its requests; its CA signature is checked once
    private final PassedSignatures signatures = new PassedSignatures(REMEMBERED_SIGNATURES);

    public ClientCertificateVerifier(List<X509Certificate> roots, KubeVersion version) {
        this.roots = List.copyOf(roots);
        this.version = version;
    }

    /**
     * Verifies the chain a client sent in its TLS handshake (leaf first) at {@code now}; returns the
     * first verified chain, leaf first.
     */
    public List<X509Certificate> verify(List<X509Certificate> peerCertificates, Instant now) throws VerificationError {
        X509Certificate leaf = peerCertificates.get(0);
        try {
            return chain(leaf, peerCertificates.subList(1, peerCertificates.size()), now);
        } catch (VerificationError e) {
            // 1.20 added the SN/SKID/AKID wrapper; before, the bare Go error was returned.
            throw version.atLeast(1, 20)
                    ? new VerificationError("verifying certificate " + identifier(leaf) + " failed: " + e.getMessage())
                    : e;
        }
    }

    private List<X509Certificate> chain(X509Certificate leaf, List<X509Certificate> intermediates, Instant now)
            throws VerificationError {
        String err = isValid(leaf, Kind.LEAF, List.of(), now);
        if (err != null) {
            throw new VerificationError(err);
        }
        for (X509Certificate root : roots) {
            if (sameEncoding(root, leaf)) {
                return List.of(leaf);
            }
        }
        Chains found = buildChains(List.of(leaf), List.copyOf(intermediates), now);
        if (found.chains.isEmpty()) {
            throw new VerificationError(found.error);
        }
        return found.chains.get(0);
    }

    private static String identifier(X509Certificate c) {
        return "SN=" + c.getSerialNumber() + ", SKID=" + CertificateFields.columnSeparatedHex(CertificateFields.subjectKeyId(c))
                + ", AKID=" + CertificateFields.columnSeparatedHex(CertificateFields.authorityKeyId(c));
    }

    private record Chains(List<List<X509Certificate>> chains, String error) {
    }

    private Chains buildChains(List<X509Certificate> current, List<X509Certificate> intermediates, Instant now) {
        X509Certificate c = current.get(current.size() - 1);
        List<List<X509Certificate>> chains = new ArrayList<>();
        String err = null;
        String hintErr = null;
        X509Certificate hintCert = null;
        List<X509Certificate> rootCandidates = potentialParents(roots, c);
        List<X509Certificate> candidates = new ArrayList<>(rootCandidates);
        candidates.addAll(potentialParents(intermediates, c));
        for (int i = 0; i < candidates.size(); i++) {
            X509Certificate candidate = candidates.get(i);
            Kind kind = i < rootCandidates.size() ? Kind.ROOT : Kind.INTERMEDIATE;
            if (alreadyInChain(candidate, current)) {
                continue;
            }
            String sigErr = signatureFrom(c, candidate);
            if (sigErr != null) {
                if (hintErr == null) {
                    hintErr = sigErr;
                    hintCert = candidate;
                }
                continue;
            }
            String invalid = isValid(candidate, kind, current, now);
            if (invalid != null) {
                err = invalid;
                continue;
            }
            List<X509Certificate> extended = new ArrayList<>(current);
            extended.add(candidate);
            if (kind == Kind.ROOT) {
                chains.add(List.copyOf(extended));
            } else {
                Chains child = buildChains(extended, intermediates, now);
                chains.addAll(child.chains);
                err = child.chains.isEmpty() ? child.error : null;
            }
        }
        if (!chains.isEmpty()) {
            return new Chains(chains, null);
        }
        if (err == null) {
            err = "x509: certificate signed by unknown authority";
            if (hintErr != null) {
                err += " (possibly because of " + GoFormat.quote(hintErr)
                        + " while trying to verify candidate authority certificate " + GoFormat.quote(hintName(hintCert)) + ")";
            }
        }
        return new Chains(List.of(), err);
    }

    /** Go's CheckSignatureFrom, once for each (child, parent) pair that passes. */
    private String signatureFrom(X509Certificate child, X509Certificate parent) {
        byte[] childDer;
        byte[] parentDer;
        try {
            childDer = child.getEncoded();
            parentDer = parent.getEncoded();
        } catch (CertificateEncodingException e) {
            return CertificateSignature.checkSignatureFrom(child, parent);
        }
        if (signatures.contains(childDer, parentDer)) {
            return null;
        }
        String err = CertificateSignature.checkSignatureFrom(child, parent);
        if (err == null) {
            signatures.add(childDer, parentDer);
        }
        return err;
    }

    /** Issuers named like the child's issuer; those whose key id matches the child's AKID first. */
    private static List<X509Certificate> potentialParents(List<X509Certificate> pool, X509Certificate child) {
        byte[] akid = CertificateFields.authorityKeyId(child);
        List<X509Certificate> matching = new ArrayList<>();
        List<X509Certificate> noKeyId = new ArrayList<>();
        List<X509Certificate> mismatched = new ArrayList<>();
        for (X509Certificate candidate : pool) {
            if (!Arrays.equals(candidate.getSubjectX500Principal().getEncoded(),
                    child.getIssuerX500Principal().getEncoded())) {
                continue;
            }
            byte[] skid = CertificateFields.subjectKeyId(candidate);
            if (akid.length == 0 || skid.length == 0) {
                noKeyId.add(candidate);
            } else if (Arrays.equals(akid, skid)) {
                matching.add(candidate);
            } else {
                mismatched.add(candidate);
            }
        }
        matching.addAll(noKeyId);
        matching.addAll(mismatched);
        return matching;
    }

    private static boolean alreadyInChain(X509Certificate candidate, List<X509Certificate> chain) {
        for (X509Certificate cert : chain) {
            if (Arrays.equals(candidate.getSubjectX500Principal().getEncoded(), cert.getSubjectX500Principal().getEncoded())
                    && candidate.getPublicKey().equals(cert.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    private String isValid(X509Certificate c, Kind kind, List<X509Certificate> currentChain, Instant now) {
        if (!currentChain.isEmpty()) {
            X509Certificate child = currentChain.get(currentChain.size() - 1);
            if (!Arrays.equals(child.getIssuerX500Principal().getEncoded(), c.getSubjectX500Principal().getEncoded())) {
                return "x509: issuer name does not match subject from issuing certificate";
            }
        }
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        if (now.isBefore(notBefore) || now.isAfter(notAfter)) {
            // Go 1.14 added the detail; Kubernetes 1.19 is the first release built with it (≈).
            if (!version.atLeast(1, 19)) {
                return "x509: certificate has expired or is not yet valid";
            }
            return "x509: certificate has expired or is not yet valid: current time " + RFC3339.format(now)
                    + (now.isBefore(notBefore) ? " is before " + RFC3339.format(notBefore)
                    : " is after " + RFC3339.format(notAfter));
        }
        List<String> ekus = extendedKeyUsage(c);
        if (!ekus.isEmpty() && !ekus.contains(CLIENT_AUTH) && !ekus.contains(ANY_EKU)) {
            return "x509: certificate specifies an incompatible key usage";
        }
        int basicConstraints = c.getBasicConstraints();
        if (kind == Kind.INTERMEDIATE && basicConstraints < 0) {
            return "x509: certificate is not authorized to sign other certificates";
        }
        if (basicConstraints >= 0 && basicConstraints != Integer.MAX_VALUE && currentChain.size() - 1 > basicConstraints) {
            return "x509: too many intermediates for path length constraint";
        }
        return null;
    }

    private static List<String> extendedKeyUsage(X509Certificate c) {
        try {
            List<String> ekus = c.getExtendedKeyUsage();
            return ekus == null ? List.of() : ekus;
        } catch (CertificateParsingException e) {
            return List.of("unparseable");
        }
    }

    private static boolean sameEncoding(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The name Go prints for a rejected candidate: CN, else first O, else serial. */
    private static String hintName(X509Certificate cert) {
        CertificateFields.Subject subject = CertificateFields.subject(cert);
        if (!subject.commonName().isEmpty()) {
            return subject.commonName();
        }
        if (!subject.organizations().isEmpty()) {
            return subject.organizations().get(0);
        }
        BigInteger serial = cert.getSerialNumber();
        return "serial:" + serial;
    }
}
