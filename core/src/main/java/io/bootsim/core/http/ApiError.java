package io.bootsim.core.http;

import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;

import java.util.Map;

/**
 * An HTTP error answer as client-go turns it into an error: the Status from the body when the body
 * is one, otherwise a Status synthesized from the code as apimachinery's NewGenericServerResponse
 * does (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).
 */
public record ApiError(Status status) implements ClientError {

    /** What client-go prints: the Status message. */
    @Override
    public String message() {
        return status.message();
    }

    public int code() {
        return status.code();
    }

    public String reason() {
        return status.reason();
    }

    public StatusException toException() {
        return new StatusException(status);
    }

    /**
     * The error for a non-2xx answer whose body was not a Status. The request path names no
     * resource, so no "(get nodes)" suffix is added, as for client-go's AbsPath requests.
     */
    static ApiError generic(int code, String method, String body) {
        String serverMessage = trimmed(body);
        String reason = "Unknown";
        String message = "the server responded with the status code " + code + " but did not return more information";
        switch (code) {
            case 409 -> {
                reason = method.equals("POST") ? "AlreadyExists" : "Conflict";
                message = "the server reported a conflict";
            }
            case 404 -> { reason = "NotFound"; message = "the server could not find the requested resource"; }
            case 400 -> { reason = "BadRequest"; message = "the server rejected our request for an unknown reason"; }
            case 401 -> { reason = "Unauthorized"; message = "the server has asked for the client to provide credentials"; }
            case 403 -> { reason = "Forbidden"; message = serverMessage; }
            case 405 -> { reason = "MethodNotAllowed";
                message = "the server does not allow this method on the requested resource"; }
            case 422 -> { reason = "Invalid"; message = "the server rejected our request due to an error in our request"; }
            case 504 -> { reason = "Timeout"; message = "the server was unable to return a response in the time allotted,"
                    + " but may still be processing the request"; }
            case 429 -> { reason = "TooManyRequests";
                message = "the server has received too many requests and has asked us to try again later"; }
            default -> {
                if (code >= 500) {
                    reason = "InternalError";
                    message = "an error on the server (\"" + serverMessage.replace("\\", "\\\\")
                            .replace("\"", "\\\"").replace("\n", "\\n") + "\") has prevented the request from succeeding";
                }
            }
        }
        return new ApiError(new Status("Status", "v1", Map.of(), Status.FAILURE, message, reason, null, code));
    }

    private static String trimmed(String body) {
        String b = body.strip();
        return b.length() > 2048 ? b.substring(0, 2048) : b; // client-go's maxUnstructuredResponseTextBytes
    }
}
