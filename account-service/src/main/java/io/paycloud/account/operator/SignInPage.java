package io.paycloud.account.operator;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The issuer's sign-in form, where a browser lands from {@code /oauth2/authorize} (the console's
 * sign-in). Spring Security processes the POST ({@link OperatorIssuer#signIn}); this only draws the
 * form, with the session's CSRF token. Nothing a client sent is echoed into the page. A page for
 * browsers, not an operation of the API: the OpenAPI document leaves it out.
 */
@Hidden
@RestController
class SignInPage {

    static final String PATH = "/oauth2/sign-in";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>PayCloud operators: sign in</title>
            <style>
            body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
            main { max-width: 22rem; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 8px;
                   box-shadow: 0 1px 4px rgba(0,0,0,.15); }
            h1 { font-size: 1.3rem; margin: 0 0 1.5rem; }
            label { display: block; margin: 0 0 1rem; font-size: .9rem; }
            input { display: block; width: 100%%; box-sizing: border-box; padding: .5rem; margin-top: .3rem; font-size: 1rem; }
            button { width: 100%%; padding: .6rem; font-size: 1rem; background: #1f5fbf; color: #fff; border: 0; border-radius: 4px; }
            .error { color: #a40000; margin: 0 0 1rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>PayCloud operators</h1>
            %s
            <form method="post" action="%s">
            <label>Username <input id="username" name="username" autocomplete="username" required autofocus></label>
            <label>Secret <input id="password" name="password" type="password" autocomplete="current-password" required></label>
            <label>One-time code <small>(when your role needs one)</small> <input id="code" name="code" inputmode="numeric"
            pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code"></label>
            <input type="hidden" name="%s" value="%s">
            <button id="sign-in" type="submit">Sign in</button>
            </form>
            </main>
            </body>
            </html>
            """;

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> form(@RequestParam(name = "error", required = false) String error, CsrfToken csrf) {
        String message = error == null ? "" : "<p class=\"error\" id=\"error\">Unknown operator, wrong secret or "
                + "one-time code, or the operator is disabled.</p>";
        String page = PAGE.formatted(message, PATH, HtmlUtils.htmlEscape(csrf.getParameterName()),
                HtmlUtils.htmlEscape(csrf.getToken()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "frame-ancestors 'none'; base-uri 'none'")
                .contentType(MediaType.TEXT_HTML).body(page);
    }
}
