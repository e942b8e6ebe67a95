package io.bootsim.core.http;

/**
 * Why a request did not succeed, as a value: the apiserver answered with an error Status
 * ({@link ApiError}) or there was no usable HTTP answer at all ({@link TransportError}).
 */
public sealed interface ClientError permits ApiError, TransportError {

    /** The text Go's err.Error() gives for the error itself, without the url.Error wrapping. */
    String message();
}
