package io.bootsim.core.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.encoders.Base64;
import org.bouncycastle.util.encoders.DecoderException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PEM as Kubernetes, openssl, cfssl and kubeadm write it. Decoding takes a source name (a file
 * path, or a field such as "spec.request") and every error names it, the line, what was found and
 * what was expected. Text outside blocks is ignored, as Go's pem.Decode ignores it; a block that
 * starts but does not end is an error (a truncated file), not silently skipped.
 */
public final class Pem {

    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    /** The header old openssl and Windows certreq write; read here, but the CSR API rejects it (kubernetes#68677). */
    public static final String NEW_CERTIFICATE_REQUEST = "NEW CERTIFICATE REQUEST";
    public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String EC_PARAMETERS = "EC PARAMETERS";
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String RSA_PUBLIC_KEY = "RSA PUBLIC KEY";

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** The curves Go's crypto/x509 parses; a key on any other curve is unusable by Kubernetes. */
    private static final Map<ASN1ObjectIdentifier, String> GO_CURVES = Map.of(
            SECObjectIdentifiers.secp224r1, "P-224", X9ObjectIdentifiers.prime256v1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384", SECObjectIdentifiers.secp521r1, "P-521");

    private Pem() {
    }

    // ---- decoding -------------------------------------------------------------------------

    /** Every PEM block in {@code data}; at least one, or an error that says what the data looks like. */
    public static List<PemBlock> decode(byte[] data, String source) throws PemException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        String[] lines = lines(text);
        List<PemBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN)) {
                continue;
            }
            int beginLine = i + 1;
            if (!line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                throw new PemException(source + ": line " + beginLine + ": malformed PEM BEGIN line \"" + line + "\"");
            }
            String type = line.substring(BEGIN.length(), line.length() - DASHES.length());
            String endMarker = END + type + DASHES;
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder body = new StringBuilder();
            boolean inHeaders = true;
            int j = i + 1;
            for (; j < lines.length; j++) {
                String l = lines[j].strip();
                if (l.startsWith(END)) {
                    if (!l.equals(endMarker)) {
                        throw new PemException(source + ": line " + (j + 1) + ": PEM block \"" + type
                                + "\" begun at line " + beginLine + " ends with \"" + l + "\", expected \"" + endMarker + "\"");
                    }
                    break;
                }
                if (l.startsWith(BEGIN)) {
                    throw truncated(source, type, beginLine, "another block begins at line " + (j + 1));
                }
                int colon = l.indexOf(':');
                if (inHeaders && colon > 0) {
                    headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
                    continue;
                }
                inHeaders = false;
                body.append(l);
            }
            if (j == lines.length) {
                throw truncated(source, type, beginLine, "the data ends at line " + lines.length);
            }
            byte[] der;
            try {
                der = Base64.decode(body.toString());
            } catch (DecoderException e) {
                throw new PemException(source + ": line " + beginLine + ": PEM block \"" + type
                        + "\" is not valid base64: " + e.getMessage());
            }
            if (der.length == 0 && !headers.containsKey("Proc-Type")) {
                throw new PemException(source + ": line " + beginLine + ": PEM block \"" + type + "\" is empty");
            }
            blocks.add(new PemBlock(type, headers, der, beginLine));
            i = j;
        }
        if (blocks.isEmpty()) {
            throw new PemException(source + ": no PEM data found: " + describeNonPem(data, lines));
        }
        return blocks;
    }

    /** All CERTIFICATE blocks (a leaf and its chain, or a CA bundle), in file order; other blocks are skipped. */
    public static List<X509Certificate> certificates(byte[] data, String source) throws PemException {
        List<PemBlock> blocks = decode(data, source);
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (block.type().equals(CERTIFICATE)) {
                certificates.add(certificate(block, source));
            }
        }
        if (certificates.isEmpty()) {
            throw new PemException(source + ": no \"" + CERTIFICATE + "\" PEM block found; found " + types(blocks));
        }
        return certificates;
    }

    /** One CERTIFICATE block to a JDK certificate. */
    public static X509Certificate certificate(PemBlock block, String source) throws PemException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block.bytes()));
        } catch (CertificateException | RuntimeException e) {
            throw new PemException(source + ": line " + block.line() + ": \"" + block.type()
                    + "\" block is not a valid X.509 certificate: " + e.getMessage());
        }
    }

    /**
     * Every RSA or ECDSA public key in the data, in file order: "PUBLIC KEY" (PKIX), "RSA PUBLIC KEY"
     * (PKCS#1), the key of each "CERTIFICATE", and the public half of each private key, so that
     * one key file serves both the signer and the verifier. Blocks that hold no usable key are
     * skipped; none at all is upstream's error.
     */
    // upstream: staging/src/k8s.io/client-go/util/keyutil/key.go ParsePublicKeysPEM
    public static List<PublicKey> publicKeys(byte[] data, String source) throws PemException {
        List<PublicKey> keys = new ArrayList<>();
        for (PemBlock block : decode(data, source)) {
            try {
                switch (block.type()) {
                    case PUBLIC_KEY -> keys.add(Providers.publicKey(SubjectPublicKeyInfo.getInstance(block.bytes())));
                    case RSA_PUBLIC_KEY -> keys.add(Providers.publicKey(new SubjectPublicKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(block.bytes()))));
                    case CERTIFICATE -> keys.add(certificate(block, source).getPublicKey());
                    case RSA_PRIVATE_KEY, EC_PRIVATE_KEY, PRIVATE_KEY -> keys.add(Keys.publicKey(privateKey(List.of(block), source)));
                    default -> { }
                }
            } catch (PemException | IOException | RuntimeException e) {
                // as upstream: a block that does not parse is not a key, the others still count
            }
        }
        if (keys.isEmpty()) {
            throw new PemException("data does not contain any valid RSA or ECDSA public keys");
        }
        return keys;
    }

    /** The first CERTIFICATE REQUEST (or legacy NEW CERTIFICATE REQUEST) block, parsed. */
    public static CertificateRequest certificateRequest(byte[] data, String source) throws PemException {
        List<PemBlock> blocks = decode(data, source);
        for (PemBlock block : blocks) {
            if (block.type().equals(CERTIFICATE_REQUEST) || block.type().equals(NEW_CERTIFICATE_REQUEST)) {
                return CertificateRequest.parse(block.bytes(), source + ": line " + block.line());
            }
        }
        throw new PemException(source + ": no \"" + CERTIFICATE_REQUEST + "\" PEM block found; found " + types(blocks));
    }

    /**
     * The first private key: PKCS#1 "RSA PRIVATE KEY", SEC 1 "EC PRIVATE KEY" (an "EC PARAMETERS"
     * block before it, as {@code openssl ecparam -genkey} writes, is accepted), or PKCS#8
     * "PRIVATE KEY". Certificates and other blocks around it are skipped, as client-go's keyutil
     * skips them; encrypted keys are refused with a hint, since Kubernetes cannot read them either.
     */
    // upstream: staging/src/k8s.io/client-go/util/keyutil/key.go ParsePrivateKeyPEM
    public static PrivateKey privateKey(byte[] data, String source) throws PemException {
        List<PemBlock> blocks = decode(data, source);
        return privateKey(blocks, source);
    }

    static PrivateKey privateKey(List<PemBlock> blocks, String source) throws PemException {
        PemBlock ecParameters = null;
        for (PemBlock block : blocks) {
            String where = source + ": line " + block.line() + ": ";
            if (block.isEncrypted()) {
                throw new PemException(where + "\"" + block.type() + "\" is encrypted; Kubernetes reads only"
                        + " unencrypted keys (decrypt it with: openssl pkey -in KEY -out KEY.plain)");
            }
            switch (block.type()) {
                case EC_PARAMETERS -> ecParameters = block;
                case RSA_PRIVATE_KEY -> {
                    return toPrivateKey(rsaKeyInfo(block, where), where);
                }
                case EC_PRIVATE_KEY -> {
                    return toPrivateKey(ecKeyInfo(block, ecParameters, where), where);
                }
                case PRIVATE_KEY -> {
                    return toPrivateKey(pkcs8KeyInfo(block, where), where);
                }
                default -> { } // certificates and the like share files with keys
            }
        }
        throw new PemException(source + ": no private key found; found " + types(blocks)
                + ", expected one of \"" + RSA_PRIVATE_KEY + "\", \"" + EC_PRIVATE_KEY + "\", \"" + PRIVATE_KEY + "\"");
    }

    private static PrivateKeyInfo rsaKeyInfo(PemBlock block, String where) throws PemException {
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(block.bytes()));
        } catch (IOException | RuntimeException e) {
            throw new PemException(where + "\"" + RSA_PRIVATE_KEY + "\" block is not a PKCS#1 RSA private key: "
                    + e.getMessage());
        }
    }

    private static PrivateKeyInfo ecKeyInfo(PemBlock block, PemBlock ecParameters, String where) throws PemException {
        ECPrivateKey key;
        try {
            key = ECPrivateKey.getInstance(block.bytes());
        } catch (RuntimeException e) {
            throw new PemException(where + "\"" + EC_PRIVATE_KEY + "\" block is not a SEC 1 EC private key: "
                    + e.getMessage());
        }
        org.bouncycastle.asn1.ASN1Encodable parameters = key.getParametersObject();
        if (parameters == null && ecParameters != null) {
            try {
                parameters = ASN1Primitive.fromByteArray(ecParameters.bytes());
            } catch (IOException e) {
                throw new PemException(where + "\"" + EC_PARAMETERS + "\" block at line " + ecParameters.line()
                        + " is not valid DER: " + e.getMessage());
            }
        }
        if (parameters == null) {
            throw new PemException(where + "\"" + EC_PRIVATE_KEY + "\" names no curve and no \"" + EC_PARAMETERS
                    + "\" block precedes it");
        }
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, parameters), key);
        } catch (IOException e) {
            throw new PemException(where + "\"" + EC_PRIVATE_KEY + "\" cannot be re-encoded: " + e.getMessage());
        }
    }

    private static PrivateKeyInfo pkcs8KeyInfo(PemBlock block, String where) throws PemException {
        try {
            return PrivateKeyInfo.getInstance(block.bytes());
        } catch (RuntimeException e) {
            throw new PemException(where + "\"" + PRIVATE_KEY + "\" block is not a PKCS#8 private key: " + e.getMessage());
        }
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info, String where) throws PemException {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            Object curve = info.getPrivateKeyAlgorithm().getParameters();
            if (!(curve instanceof ASN1ObjectIdentifier oid) || !GO_CURVES.containsKey(oid)) {
                throw new PemException(where + "EC key on an unsupported curve (" + curve
                        + "); Kubernetes (Go's crypto/x509) accepts only the named curves P-224, P-256, P-384 and P-521");
            }
        } else if (!algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            throw new PemException(where + "unsupported private key algorithm " + algorithm
                    + "; only RSA and ECDSA keys are supported");
        }
        try {
            return Providers.privateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new PemException(where + "invalid private key: " + e.getMessage());
        }
    }

    private static PemException truncated(String source, String type, int beginLine, String what) {
        return new PemException(source + ": line " + beginLine + ": PEM block \"" + type
                + "\" has no END line (" + what + "); is the file truncated?");
    }

    private static String types(List<PemBlock> blocks) {
        return blocks.stream().map(b -> "\"" + b.type() + "\" (line " + b.line() + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * The lines of {@code text}, each without its "\n" or "\r\n", as {@code split("\r?\n", -1)} would
     * give them: a kubelet reads several PEM files per start, and the regular expression cost more
     * than the rest of the decoding.
     */
    private static String[] lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            lines.add(text.substring(start, nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl));
            start = nl + 1;
        }
        lines.add(text.substring(start));
        return lines.toArray(new String[0]);
    }

    private static String describeNonPem(byte[] data, String[] lines) {
        if (data.length == 0) {
            return "the data is empty";
        }
        if (data[0] == 0x30) {
            return "the data looks like binary DER (starts with 0x30); convert it with: openssl x509 -inform DER -in FILE";
        }
        for (byte b : data) {
            if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b)) {
                return "the data is binary, not text";
            }
        }
        String first = lines[0].strip();
        return "expected a line like \"-----BEGIN CERTIFICATE-----\", first line is \""
                + (first.length() > 60 ? first.substring(0, 60) + "..." : first) + "\"";
    }

    // ---- encoding -------------------------------------------------------------------------

    /** One block in Go's pem.Encode layout: 64 base64 characters per line, newline after END. */
    public static String encode(String type, byte[] der) {
        String b64 = Base64.toBase64String(der);
        StringBuilder out = new StringBuilder(b64.length() + b64.length() / 64 + 2 * type.length() + 40);
        out.append(BEGIN).append(type).append(DASHES).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            out.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return out.append(END).append(type).append(DASHES).append('\n').toString();
    }

    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                out.append(encode(CERTIFICATE, certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return out.toString();
    }

    public static String encodeCertificate(X509Certificate certificate) {
        return encodeCertificates(List.of(certificate));
    }

    public static String encodeCertificateRequest(CertificateRequest request) {
        return encode(CERTIFICATE_REQUEST, request.encoded());
    }

    /**
     * The form Kubernetes writes keys in: "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC 1 with
     * the named curve and public key).
     */
    // upstream: staging/src/k8s.io/client-go/util/keyutil/key.go MarshalPrivateKeyToPEM
    public static String encodePrivateKey(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        try {
            return switch (key.getAlgorithm()) {
                case "RSA" -> encode(RSA_PRIVATE_KEY, info.parsePrivateKey().toASN1Primitive().getEncoded());
                case "EC", "ECDSA" -> encode(EC_PRIVATE_KEY, sec1(key, info).getEncoded());
                default -> throw new IllegalArgumentException("private key is not a recognized type: " + key.getAlgorithm());
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("private key cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 "PRIVATE KEY", as {@code openssl genpkey} and kubeadm's newer keys. */
    public static String encodePkcs8(PrivateKey key) {
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    /** SEC 1 with the curve always present: the JDK's own EC keys leave it to the PKCS#8 wrapper. */
    private static ECPrivateKey sec1(PrivateKey key, PrivateKeyInfo info) throws IOException {
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        if (inner.getParametersObject() != null) {
            return inner;
        }
        return new ECPrivateKey(((java.security.interfaces.ECKey) key).getParams().getOrder().bitLength(),
                inner.getKey(), inner.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters());
    }
}
