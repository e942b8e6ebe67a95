package io.bootsim.core.pki;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which JCA provider does which operation. On Java 17 BouncyCastle is 5-10x faster than SunEC for
 * every elliptic-curve operation, while SunRsaSign signs RSA faster than BouncyCastle
 * (shared/PERFORMANCE.md), and BoringSSL (Conscrypt) faster still where its native library loads. The
 * instances are used explicitly and never registered: putting BC first in the provider list slowed TLS.
 */
final class Providers {

    static final Provider BC = new BouncyCastleProvider();

    private static final JcaContentVerifierProviderBuilder VERIFIERS =
            new JcaContentVerifierProviderBuilder().setProvider(BC);
    private static final JcaPEMKeyConverter EC_KEYS = new JcaPEMKeyConverter().setProvider(BC);
    private static final JcaPEMKeyConverter RSA_KEYS = new JcaPEMKeyConverter();
    /** RSA keys that signed, as BoringSSL holds them: a CA signs many times, and the JDK key stays the one PEM files hold. */
    private static final Map<PrivateKey, PrivateKey> BORING_KEYS = Collections.synchronizedMap(new WeakHashMap<>());

    private Providers() {
    }

    /**
     * A signer for {@code key} with the algorithm Go's crypto/x509 picks for it: SHA-256 with RSA,
     * and for ECDSA the hash that matches the curve (P-256 SHA-256, P-384 SHA-384, P-521 SHA-512).
     * ECDSA signatures draw their nonce from {@code random}, so a seeded random reproduces them.
     */
    // upstream: go src/crypto/x509/x509.go signingParamsForKey
    static ContentSigner signer(PrivateKey key, SecureRandom random) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> switch (((ECKey) key).getParams().getOrder().bitLength()) {
                case 256 -> "SHA256withECDSA";
                case 384 -> "SHA384withECDSA";
                case 521 -> "SHA512withECDSA";
                default -> throw new IllegalArgumentException("unsupported elliptic curve of "
                        + ((ECKey) key).getParams().getOrder().bitLength() + " bits: only P-256, P-384 and P-521 can sign");
            };
            default -> throw new IllegalArgumentException("unsupported signing key algorithm " + key.getAlgorithm()
                    + ": only RSA and ECDSA keys can sign");
        };
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm).setSecureRandom(random);
        if (!key.getAlgorithm().equals("RSA")) {
            builder.setProvider(BC);
        } else {
            // RSA in BoringSSL where it loads: the JDK's RSA rests on BigInteger intrinsics that only the C2
            // compiler emits, so on the client compiler alone (a bench's JVM) a CA signature took 6.8 ms
            // instead of under 2. PKCS#1 v1.5 signatures are deterministic: certificates and traces are the
            // same with either.
            Optional<Provider> boring = BoringSslProvider.get();
            if (boring.isPresent()) {
                builder.setProvider(boring.get());
                key = BORING_KEYS.computeIfAbsent(key, BoringSslProvider::ownKey);
            }
        }
        try {
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalArgumentException("cannot sign with " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** PKCS#1 v1.5 RSA signatures with SHA-2, the ones Kubernetes' CAs and Go's x509 make; BoringSSL checks these. */
    private static final Set<String> BORING_RSA = Set.of("SHA256WITHRSA", "SHA384WITHRSA", "SHA512WITHRSA");

    /**
     * Who checks an {@code algorithm} signature made by {@code key}: for ECDSA and for PKCS#1 v1.5 RSA with
     * SHA-2, BoringSSL where its native library loads; otherwise BouncyCastle, which checks ECDSA 10x faster
     * than the JDK on Java 17 (shared/PERFORMANCE.md) and knows the rarer algorithms (RSA-PSS, whose
     * parameters BoringSSL's provider does not take by that name). On the client compiler alone (a bench's
     * JVM) a P-256 check took BouncyCastle 0.4 ms, and an RSA-2048 one spends most of its time in
     * BigInteger code only C2 makes fast; a node's bootstrap makes five chain checks and a CSR check twice,
     * and kube-apiserver checks the client's chain at every request. A check has one answer whoever makes
     * it. ECDSA signing stays with BouncyCastle, whose nonces come from the seeded random ({@link #signer}).
     */
    static Provider verifying(java.security.PublicKey key, String algorithm) {
        boolean boring = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> true;
            case "RSA" -> BORING_RSA.contains(algorithm.toUpperCase(Locale.ROOT));
            default -> false;
        };
        return boring ? BoringSslProvider.get().orElse(BC) : BC;
    }

    static ContentVerifierProvider verifier(java.security.PublicKey publicKey) throws OperatorCreationException {
        return VERIFIERS.build(publicKey);
    }

    /** RSA keys go to the JDK, which then signs and handshakes without translating them. */
    static PrivateKey privateKey(PrivateKeyInfo info) throws PEMException {
        boolean rsa = info.getPrivateKeyAlgorithm().getAlgorithm()
                .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
        return (rsa ? RSA_KEYS : EC_KEYS).getPrivateKey(info);
    }

    static java.security.PublicKey publicKey(SubjectPublicKeyInfo info) throws PEMException {
        boolean rsa = info.getAlgorithm().getAlgorithm()
                .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
        return (rsa ? RSA_KEYS : EC_KEYS).getPublicKey(info);
    }
}
