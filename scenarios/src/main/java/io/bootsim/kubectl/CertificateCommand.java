package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.HttpRequest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code kubectl certificate approve|deny NAME...}: for each CSR, read it (once through the
 * resource builder, once through the typed client, as kubectl does), refuse one that already has
 * the opposite condition, and PUT the /approval subresource with the condition appended unless it
 * is already there ({@code --force} sends it anyway). A conflict re-reads and retries, ten times.
 */
// upstream: kubernetes/kubectl pkg/cmd/certificates/certificates.go (modifyCertificateCondition)
final class CertificateCommand implements Subcommand {

    private static final String CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests/";
    private static final int RETRIES = 10;
    private static final Flag<Boolean> FORCE = Flag.of("force", FlagType.BOOL, false,
            "Update the CSR even if it is already approved.");

    private final boolean approve;

    CertificateCommand(boolean approve) {
        this.approve = approve;
    }

    @Override
    public String name() {
        return approve ? "certificate approve" : "certificate deny";
    }

    @Override
    public void declare(FlagSet flags) {
        flags.add(name(), FORCE);
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        if (args.isEmpty()) {
            run.fail("error: one or more CSRs must be specified as <name> or -f <filename>");
            return;
        }
        Discovery.load(run, discovery -> next(run, args, 0, flags.get(FORCE)));
    }

    private void next(Invocation run, List<String> names, int index, boolean force) {
        if (index == names.size()) {
            run.finish(0);
            return;
        }
        String name = csrName(names.get(index));
        run.send(HttpRequest.get(CSRS + name).withHeader("Accept", "application/json"), built -> {
            if (!built.isSuccess()) {
                run.fail(built);
                return;
            }
            modify(run, name, force, 0, () -> {
                run.out().append("certificatesigningrequest.certificates.k8s.io/").append(name)
                        .append(approve ? " approved\n" : " denied\n");
                next(run, names, index + 1, force);
            });
        });
    }

    /**
     * kubectl reads each argument through its resource builder, so {@code NAME} and
     * {@code TYPE/NAME} both work, as `kubectl get csr -o name` prints them.
     */
    static String csrName(String arg) {
        int slash = arg.indexOf('/');
        if (slash < 0) {
            return arg;
        }
        String type = arg.substring(0, slash);
        int dot = type.indexOf('.');
        String base = dot < 0 ? type : type.substring(0, dot);
        boolean csr = List.of("csr", "certificatesigningrequest", "certificatesigningrequests").contains(base)
                && (dot < 0 || type.substring(dot + 1).equals("certificates.k8s.io"));
        return csr ? arg.substring(slash + 1) : arg;
    }

    private void modify(Invocation run, String name, boolean force, int attempt, Runnable done) {
        run.send(HttpRequest.get(CSRS + name), typed -> {
            if (!typed.isSuccess()) {
                run.fail(typed);
                return;
            }
            ObjectNode csr = typed.json();
            String wanted = approve ? "Approved" : "Denied";
            String opposite = approve ? "Denied" : "Approved";
            boolean already = false;
            for (JsonNode c : csr.path("status").path("conditions")) {
                String type = c.path("type").asText();
                if (type.equals(opposite)) {
                    run.fail("error: certificate signing request \"" + name + "\" is already " + opposite);
                    return;
                }
                already |= type.equals(wanted);
            }
            if (already && !force) {
                done.run();
                return;
            }
            ArrayNode conditions = csr.with("status").withArray("conditions");
            ObjectNode condition = conditions.addObject();
            condition.put("type", wanted);
            condition.put("status", "True");
            condition.put("reason", approve ? "KubectlApprove" : "KubectlDeny");
            condition.put("message", approve ? "This CSR was approved by kubectl certificate approve."
                    : "This CSR was denied by kubectl certificate deny.");
            Instant now = run.clock().now().truncatedTo(ChronoUnit.SECONDS);
            condition.put("lastUpdateTime", DateTimeFormatter.ISO_INSTANT.format(now));
            condition.putNull("lastTransitionTime");
            run.send(HttpRequest.put(CSRS + name + "/approval", csr), updated -> {
                if (updated.isSuccess()) {
                    done.run();
                } else if (updated.error() instanceof ApiError a && "Conflict".equals(a.reason()) && attempt < RETRIES) {
                    modify(run, name, force, attempt + 1, done);
                } else {
                    run.fail(updated);
                }
            });
        });
    }
}
