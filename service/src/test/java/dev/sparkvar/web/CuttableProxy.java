package dev.sparkvar.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of the service, so that a test can drop the browser's connections as a
 * network failure would, and read the request heads the browser sent (e.g. its {@code Last-Event-ID}).
 */
final class CuttableProxy implements AutoCloseable {

    private static final int MAX_RECORDED = 256 * 1024;

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final StringBuffer requests = new StringBuffer();
    private final Thread acceptor;

    CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "cuttable-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every open connection, both sides, like a dropped network. */
    void dropAll() {
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
    }

    /** What the browser sent so far (bodies included), as text. */
    String requestsSeen() {
        return requests.toString();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("proxy accept failed", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (record && requests.length() < MAX_RECORDED) {
                        requests.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException e) {
                // dropped on purpose or closed by the other side
            } catch (IOException e) {
                // the same: a connection that ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cuttable-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code Last-Event-ID} values sent with requests for {@code path}, in order. */
    List<Long> lastEventIdsSentFor(String path) {
        List<Long> ids = new ArrayList<>();
        for (String head : requestsSeen().split("\r\n\r\n")) {
            int at = head.indexOf("GET " + path);
            if (at < 0) {
                continue;
            }
            for (String line : head.substring(at).split("\r\n")) {
                if (line.regionMatches(true, 0, "Last-Event-ID:", 0, 14)) {
                    ids.add(Long.parseLong(line.substring(14).trim()));
                }
            }
        }
        return ids;
    }
}
