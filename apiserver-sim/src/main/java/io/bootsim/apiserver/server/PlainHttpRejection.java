package io.bootsim.apiserver.server;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the secure port does with bytes that are not TLS: Go's net/http answers a plain HTTP
 * request on a TLS listener with this fixed 400 and closes the connection (net/http/server.go).
 */
final class PlainHttpRejection extends AbstractConnectionFactory {

    static final String PROTOCOL = "plain-http-rejection";
    private static final byte[] ANSWER = ("HTTP/1.0 400 Bad Request\r\n\r\n"
            + "Client sent an HTTP request to an HTTPS server.\n").getBytes(StandardCharsets.US_ASCII);

    PlainHttpRejection() {
        super(PROTOCOL);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new Rejection(endPoint, connector), connector, endPoint);
    }

    private static final class Rejection extends AbstractConnection implements Connection.UpgradeTo {

        Rejection(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
        }

        @Override
        public void onUpgradeTo(ByteBuffer alreadyRead) {
            // The answer does not depend on the request.
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().write(Callback.from(() -> getEndPoint().close(), x -> getEndPoint().close()),
                    ByteBuffer.wrap(ANSWER));
        }

        @Override
        public void onFillable() {
            // Nothing more is read: the connection closes once the answer is out.
        }
    }
}
