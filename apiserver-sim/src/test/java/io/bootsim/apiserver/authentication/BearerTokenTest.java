package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class BearerTokenTest {

    static Stream<JsonNode> vectors() {
        return Vectors.cases("bearer-vectors.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void bearerHeaderIsReadAsUpstream(JsonNode v) {
        List<String> passed = new ArrayList<>();
        TokenAuthenticator fake = new TokenAuthenticator() {
            @Override
            public AuthenticationResult authenticateToken(String token) {
                passed.add(token);
                if (v.has("authenticatorError")) {
                    return new AuthenticationResult.Failed(v.get("authenticatorError").asText());
                }
                return token.equals(v.get("accepts").asText())
                        ? new AuthenticationResult.Authenticated(UserInfo.of("user"))
                        : new AuthenticationResult.NotAuthenticated("unknown token");
            }

            @Override
            public String name() {
                return "fake";
            }
        };
        // Anonymous is off so that "no credentials" shows as a 401 without error.
        var chain = RequestAuthentication.of(Optional.empty(), List.of(fake), false);
        var result = chain.authenticate(new AuthenticationRequest(List.of(v.get("header").asText()), List.of()));

        assertEquals(v.has("passed") ? List.of(v.get("passed").asText()) : List.of(), passed);
        assertEquals(Vectors.strings(v.path("warnings")), result.warnings());
        switch (v.get("outcome").asText()) {
            case "ok" -> assertEquals("user", assertInstanceOf(RequestAuthentication.Authenticated.class, result).user().name());
            case "no-credentials" -> assertEquals("", assertInstanceOf(RequestAuthentication.Unauthorized.class, result).error());
            default -> assertEquals(v.get("error").asText(),
                    assertInstanceOf(RequestAuthentication.Unauthorized.class, result).error());
        }
    }
}
