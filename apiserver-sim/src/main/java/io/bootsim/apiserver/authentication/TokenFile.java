package io.bootsim.apiserver.authentication;

import io.bootsim.core.version.KubeVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The static token file ({@code --token-auth-file}): CSV rows {@code token,user,uid[,"group1,group2"]},
 * read once at start-up. Rows with fewer than three fields abort start-up; an empty token skips the
 * row; a duplicate token replaces the earlier row; both warn with the row's record number.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go (NewCSV)
public final class TokenFile implements TokenAuthenticator {

    private final Map<String, UserInfo> usersByToken;
    private final List<String> warnings;

    private TokenFile(Map<String, UserInfo> usersByToken, List<String> warnings) {
        this.usersByToken = Map.copyOf(usersByToken);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads the file as kube-apiserver of {@code version} does.
     *
     * @throws InvalidTokenFileException with upstream's message (OS error, Go CSV error, or too few columns)
     */
    public static TokenFile load(Path path, KubeVersion version) throws InvalidTokenFileException {
        String content;
        try {
            content = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidTokenFileException("open " + path + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new InvalidTokenFileException("open " + path + ": permission denied");
        } catch (IOException e) {
            throw new InvalidTokenFileException(Files.isDirectory(path)
                    ? "read " + path + ": is a directory"
                    : "open " + path + ": " + e.getMessage());
        }
        return parse(path.toString(), content, version);
    }

    /** Parses file content; {@code path} is used only in messages, as given on the command line. */
    public static TokenFile parse(String path, String content, KubeVersion version) throws InvalidTokenFileException {
        List<GoCsvReader.Record> records;
        try {
            // Kubernetes 1.23 is the first release built with Go 1.17, whose csv errors count columns from 1.
            records = new GoCsvReader(content, version.atLeast(1, 23)).readAll();
        } catch (GoCsvReader.ParseError e) {
            throw new InvalidTokenFileException(e.getMessage());
        }
        Map<String, UserInfo> users = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        int recordNumber = 0;
        for (GoCsvReader.Record record : records) {
            List<String> f = record.fields();
            if (f.size() < 3) {
                throw new InvalidTokenFileException("token file '" + path
                        + "' must have at least 3 columns (token, user name, user uid), found " + f.size());
            }
            recordNumber++;
            if (f.get(0).isEmpty()) {
                warnings.add("empty token has been found in token file '" + path + "', record number '" + recordNumber + "'");
                continue;
            }
            if (users.containsKey(f.get(0))) {
                warnings.add("duplicate token has been found in token file '" + path + "', record number '" + recordNumber + "'");
            }
            // Go's strings.Split: an empty 4th column is one group named "".
            List<String> groups = f.size() >= 4 ? Arrays.asList(f.get(3).split(",", -1)) : List.of();
            users.put(f.get(0), new UserInfo(f.get(1), f.get(2), groups, Map.of()));
        }
        return new TokenFile(users, warnings);
    }

    /** The klog warnings upstream prints while loading (empty and duplicate tokens). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public AuthenticationResult authenticateToken(String token) {
        UserInfo user = usersByToken.get(token);
        return user == null
                ? new AuthenticationResult.NotAuthenticated("unknown token")
                : new AuthenticationResult.Authenticated(user);
    }

    @Override
    public String name() {
        return "token-file";
    }
}
