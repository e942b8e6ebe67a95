package io.bootsim.diagnose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lines of --token-auth-file that cannot authenticate anyone (A1: empty token column; too few columns). */
final class TokenFileLines implements StaticCheck {

    @Override
    public List<Finding> check(ClusterSnapshot s) throws IOException {
        List<Finding> out = new ArrayList<>();
        Optional<String> path = s.apiserver().flatMap(a -> a.value("token-auth-file"));
        if (path.isPresent()) {
            Optional<String> text = s.control().text(path.get());
            if (text.isPresent()) {
                TokenCsv.parse(text.get(), s.control().display(path.get()), out);
            }
        }
        return out;
    }
}
