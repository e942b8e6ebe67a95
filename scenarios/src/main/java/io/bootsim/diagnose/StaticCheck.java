package io.bootsim.diagnose;

import java.io.IOException;
import java.util.List;

/** One configuration risk that shows in the files alone, reported as a warning with the reason. */
interface StaticCheck {

    List<Finding> check(ClusterSnapshot snapshot) throws IOException;

    /** Every check, in the order the flow meets what they check. */
    static List<StaticCheck> all() {
        return List.of(new TokenFileLines(), new BootstrapTokenWithoutExpiry(), new SecretFileReadableByOthers(),
                new AnonymousAuthWithBindings(), new AuthorizationModeOrder(), new AlwaysAllowInChain(),
                new BroadClusterAdminBinding(), new ServingAutoApprovedByBroadBinding(),
                new ClientCaDiffersFromSigningCa(), new SigningOutlivesCa());
    }
}
