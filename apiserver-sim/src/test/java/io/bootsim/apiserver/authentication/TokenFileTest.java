package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFileTest {

    static Stream<JsonNode> vectors() {
        return Vectors.cases("tokenfile-vectors.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void tokenFileBehavesAsUpstream(JsonNode v, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("token.csv");
        Files.writeString(file, v.get("content").asText());
        KubeVersion version = KubeVersion.parse(v.path("version").asText("1.33"));
        if (v.has("error")) {
            InvalidTokenFileException e = assertThrows(InvalidTokenFileException.class, () -> TokenFile.load(file, version));
            assertEquals(v.get("error").asText().replace("{path}", file.toString()), e.getMessage());
            return;
        }
        TokenFile tokens = TokenFile.load(file, version);
        AuthenticationResult result = tokens.authenticateToken(v.get("token").asText());
        if (v.get("user").isNull()) {
            assertEquals(new AuthenticationResult.NotAuthenticated("unknown token"), result);
        } else {
            assertEquals(new AuthenticationResult.Authenticated(Vectors.user(v.get("user"))), result);
        }
        List<String> warnings = Vectors.strings(v.path("warnings")).stream().map(w -> w.replace("{path}", file.toString())).toList();
        assertEquals(warnings, tokens.warnings());
    }

    @Test
    void quotedGroupsGetSystemAuthenticatedAppendedByTheGroupAdder() throws Exception { // T18
        TokenFile tokens = TokenFile.parse("token.csv", "tok,u,id,\"g1,g2\"\n", KubeVersion.NEWEST);
        var user = ((AuthenticationResult.Authenticated) tokens.authenticateToken("tok")).user();
        assertEquals(List.of("g1", "g2", "system:authenticated"), AuthenticatedGroupAdder.add(user).groups());
    }

    @Test
    void tokenFileUserInSystemUnauthenticatedDoesNotGetSystemAuthenticated() throws Exception {
        TokenFile tokens = TokenFile.parse("token.csv", "tok,u,id,system:unauthenticated\n", KubeVersion.NEWEST);
        var user = ((AuthenticationResult.Authenticated) tokens.authenticateToken("tok")).user();
        assertEquals(List.of("system:unauthenticated"), AuthenticatedGroupAdder.add(user).groups());
    }

    @Test
    void missingFileIsTheOsErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.csv");
        InvalidTokenFileException e = assertThrows(InvalidTokenFileException.class, () -> TokenFile.load(missing, KubeVersion.NEWEST));
        assertEquals("open " + missing + ": no such file or directory", e.getMessage());
    }

    @Test
    void directoryInsteadOfFileIsAReadError(@TempDir Path dir) throws IOException {
        InvalidTokenFileException e = assertThrows(InvalidTokenFileException.class, () -> TokenFile.load(dir, KubeVersion.NEWEST));
        assertTrue(e.getMessage().startsWith("read " + dir), e.getMessage());
    }
}
