package io.bootsim.core.pki;

import io.bootsim.core.cache.LeastRecentlyUsed;
import io.bootsim.core.random.RandomStreams;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Key generation. Every bit comes from the given random, so a seeded stream gives the same key every run. */
public final class Keys {

    // An RSA key is a function of its size and the seeded stream's position: made once per JVM (or
    // read from where an earlier run of this JDK kept it, RememberedRsaKeys), then replayed with the
    // stream moved to where generating it would have left it. An RSA-2048
    // key takes 50-500 ms (a prime search; over a second in a cold JVM) and a scenario makes the
    // same ones every run. Scenarios run side by side often start from the same position: the first
    // caller makes the key and the others wait for it, rather than each searching for the same primes.
    // ECDSA keys (about 0.1 ms with BouncyCastle) are always made: a bench of many kubelets pays each one.
    private static final int REMEMBERED = 4096;
    private static final Map<Drawn, CompletableFuture<Made>> MADE = LeastRecentlyUsed.map(REMEMBERED);

    private record Drawn(KeyType type, RandomStreams.Position from) {
    }

    private record Made(KeyPair pair, RandomStreams.Position to) {
    }

    private Keys() {
    }

    /**
     * A new key pair of {@code type}. ECDSA keys are made by BouncyCastle (about 10x faster than
     * SunEC on Java 17), RSA keys by the JDK so that JDK signing and TLS use them untranslated.
     * From a seeded stream, the same position gives the same key: an RSA key is made once per JVM.
     */
    public static KeyPair generate(KeyType type, SecureRandom random) {
        Optional<RandomStreams.Position> from = RandomStreams.position(random);
        if (from.isEmpty() || type.isEcdsa()) {
            return make(type, random);
        }
        Drawn drawn = new Drawn(type, from.get());
        CompletableFuture<Made> made;
        boolean mine = false;
        synchronized (MADE) {
            made = MADE.get(drawn);
            if (made == null) {
                made = new CompletableFuture<>();
                MADE.put(drawn, made);
                mine = true;
            }
        }
        if (mine) {
            try {
                made.complete(makeOrRecall(type, drawn.from(), random));
            } catch (RuntimeException e) {
                synchronized (MADE) {
                    MADE.remove(drawn, made);
                }
                made.completeExceptionally(e);
                throw e;
            }
            return made.join().pair();
        }
        Made waited = made.join();
        RandomStreams.seek(random, waited.to());
        return waited.pair();
    }

    private static final Optional<RememberedRsaKeys> ON_DISK = RememberedRsaKeys.configured();

    private static Made makeOrRecall(KeyType type, RandomStreams.Position from, SecureRandom random) {
        Optional<RememberedRsaKeys.Remembered> recalled = ON_DISK.flatMap(disk -> disk.read(type, from));
        if (recalled.isPresent()) {
            RandomStreams.seek(random, recalled.get().to());
            return new Made(keyPair(recalled.get().key()), recalled.get().to());
        }
        Made made = new Made(make(type, random), RandomStreams.position(random).orElseThrow());
        ON_DISK.ifPresent(disk -> disk.write(type, from, made.pair().getPrivate(), made.to()));
        return made;
    }

    private static KeyPair make(KeyType type, SecureRandom random) {
        try {
            KeyPairGenerator generator;
            if (type.isEcdsa()) {
                generator = KeyPairGenerator.getInstance("EC", Providers.BC);
                generator.initialize(new ECGenParameterSpec(type.curve()), random);
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(new RSAKeyGenParameterSpec(type.bits(), RSAKeyGenParameterSpec.F4), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK and BouncyCastle generate " + type + " keys", e);
        }
    }

    // A P-256 public key is a fixed-base multiplication, done as BouncyCastle's key generator does it: a comb
    // whose table is computed once for the base point. Every kubelet derives one when it loads its serving
    // pair (Go's tls.X509KeyPair compares the derived public key with the certificate's).
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    /**
     * The public half of a private key read from a file, as Go's crypto.Signer.Public() gives it:
     * the kubelet reloads kubelet-client.key.tmp and needs the pair to build its CSR.
     */
    public static PublicKey publicKey(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                org.bouncycastle.jce.spec.ECParameterSpec curve = EC5Util.convertSpec(ec.getParams());
                ECPoint g = curve.getG();
                if (curve.getCurve().equals(P256.getCurve()) && g.equals(P256.getG())) {
                    g = P256.getG(); // the shared base point, which keeps the comb's precomputation
                }
                ECPoint q = new FixedPointCombMultiplier().multiply(g, ec.getS());
                return KeyFactory.getInstance("EC", Providers.BC).generatePublic(
                        new ECPublicKeySpec(curve.getCurve().importPoint(q).normalize(), curve));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key of a " + key.getAlgorithm() + " key", e);
        }
        throw new IllegalArgumentException("private key is not a recognized type: " + key.getAlgorithm());
    }

    public static KeyPair keyPair(PrivateKey key) {
        return new KeyPair(publicKey(key), key);
    }
}
