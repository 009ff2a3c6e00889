package org.dicomdeid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools protocol (a WebSocket from
 * java.net.http; no driver, no browser download): open a page or a file, read its text, click
 * an element with real mouse events, take a screenshot. Started with a new empty profile and
 * without any of its background traffic; only pages the test names are loaded. Dialogs
 * (confirm) are accepted, as a user clicking OK.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium ({@code /usr/bin/chromium}, or {@code $CHROMIUM}) with a window of 1280x900. */
    public static HeadlessChromium start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("deid-chromium-");
        String binary = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Process process = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,900", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserUrl = awaitDevToolsUrl(process);
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String pageUrl = null;
        for (long end = System.nanoTime() + TIMEOUT.toNanos(); pageUrl == null && System.nanoTime() < end; ) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + browser.getAuthority() + "/json/list")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    pageUrl = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageUrl == null) {
                Thread.sleep(100);
            }
        }
        if (pageUrl == null) {
            process.destroyForcibly();
            throw new IOException("chromium opened no page");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(pageUrl), new Listener(message -> self[0].received(message)))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("no DevTools connection to chromium: " + e.getMessage(), e);
        }
        self[0] = new HeadlessChromium(process, profile, socket);
        self[0].call("Page.enable", JSON.createObjectNode());
        return self[0];
    }

    private static String awaitDevToolsUrl(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IOException("chromium ended without a DevTools address"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("chromium did not start: " + e.getMessage(), e);
        }
    }

    /** Loads {@code url} (http: or file:) and waits until the new page has loaded. */
    public HeadlessChromium open(String url) throws IOException {
        return navigatingBy(() -> call("Page.navigate", JSON.createObjectNode().put("url", url)));
    }

    public HeadlessChromium open(Path file) throws IOException {
        return open(file.toAbsolutePath().toUri().toString());
    }

    /** The rendered text of the page (what a person reads). */
    public String text() throws IOException {
        return evaluate("document.body ? document.body.innerText : ''").asText();
    }

    /** The page's DOM as HTML. */
    public String html() throws IOException {
        return evaluate("document.documentElement.outerHTML").asText();
    }

    /** Whether an element matches {@code selector}. */
    public boolean exists(String selector) throws IOException {
        return evaluate("document.querySelector(" + JSON.writeValueAsString(selector) + ") !== null").asBoolean();
    }

    /** The text of the first element matching {@code selector}. */
    public String text(String selector) throws IOException {
        JsonNode value = evaluate("(e => e ? e.innerText : null)(document.querySelector("
                + JSON.writeValueAsString(selector) + "))");
        if (value.isNull()) {
            throw new IOException("no element " + selector);
        }
        return value.asText();
    }

    /** Clicks the middle of the element matching {@code selector} with the mouse (press, release). */
    public void click(String selector) throws IOException {
        JsonNode box = evaluate("(e => { if (!e) return null; e.scrollIntoView({block: 'center'});"
                + " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })"
                + "(document.querySelector(" + JSON.writeValueAsString(selector) + "))");
        if (box.isNull()) {
            throw new IOException("no element " + selector);
        }
        for (String type : new String[]{"mousePressed", "mouseReleased"}) {
            call("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type)
                    .put("x", box.get("x").asDouble()).put("y", box.get("y").asDouble())
                    .put("button", "left").put("clickCount", 1));
        }
    }

    /** Clicks, then waits for the page it leads to (a form's submit, a link) to load. */
    public HeadlessChromium clickAndWait(String selector) throws IOException {
        return navigatingBy(() -> click(selector));
    }

    /** Saves a PNG of the viewport (the full page when it is longer) to {@code file}. */
    public Path screenshot(Path file) throws IOException {
        JsonNode result = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(result.get("data").asText()));
        return file;
    }

    /** Distinct colours in a PNG: 1 for a blank page; a page with text has many (anti-aliasing). */
    public static int distinctColours(Path png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        if (image == null) {
            throw new IOException("not an image: " + png);
        }
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Marks the current document, acts, then polls until a new document has loaded completely. */
    private HeadlessChromium navigatingBy(IoAction action) throws IOException {
        evaluate("window.__deidOld = true");
        action.run();
        waitUntil(() -> {
            try {
                return evaluate("!window.__deidOld && document.readyState === 'complete'").asBoolean();
            } catch (IOException e) {
                return false;  // between two documents
            }
        });
        return this;
    }

    private static void waitUntil(BooleanSupplier condition) throws IOException {
        for (long end = System.nanoTime() + TIMEOUT.toNanos(); System.nanoTime() < end; ) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("page did not load within " + TIMEOUT);
    }

    private JsonNode evaluate(String expression) throws IOException {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("script failed: " + result.get("exceptionDetails").path("text").asText());
        }
        return result.path("result").path("value");
    }

    private JsonNode call(String method, ObjectNode params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IOException(method + ": " + reply.get("error").path("message").asText());
            }
            return reply.path("result");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } else if ("Page.javascriptDialogOpening".equals(message.path("method").asText())) {
                ObjectNode accept = JSON.createObjectNode().put("id", ids.incrementAndGet())
                        .put("method", "Page.handleJavaScriptDialog");
                accept.set("params", JSON.createObjectNode().put("accept", true));
                socket.sendText(JSON.writeValueAsString(accept), true);
            }
        } catch (IOException e) {
            // a message we cannot read answers nothing we wait for
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        // Chromium's helpers (network service, renderers) outlive the browser process for a
        // moment and still write into the profile: they are stopped and awaited too.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file still appearing or vanishing: it is a temporary folder
        }
    }

    /** Assembles text frames into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> sink;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                sink.accept(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
