package io.bootsim.core.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.jose.Jws;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.version.KubeVersion;

import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * Signs service-account JWTs with a --service-account-private-key-file (controller manager,
 * legacy tokens) or --service-account-signing-key-file (apiserver, TokenRequest) key, with the
 * header of the emulated release: dgrijalva/jwt-go's {@code {"alg":..,"typ":"JWT"}} up to 1.9,
 * go-jose's bare {@code {"alg":..}} after it, and the key ID from ≈1.16.
 */
// upstream: pkg/serviceaccount/jwt.go JWTTokenGenerator
public record TokenSigner(PrivateKey key, KubeVersion version) {

    public TokenSigner {
        Jws.algorithm(key); // refuses keys that are neither RSA nor ECDSA on a supported curve
    }

    public String sign(ObjectNode claims, SecureRandom random) {
        ObjectNode header = Json.object().put("alg", Jws.algorithm(key));
        if (!version.atLeast(1, 10)) {
            header.put("typ", "JWT");
        } else if (version.atLeast(1, 16)) {
            header.put("kid", Jws.keyId(Keys.publicKey(key)));
        }
        return Jws.sign(header, claims, key, random);
    }
}
