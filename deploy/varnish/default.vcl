# Varnish 7 (Debian: apt-get install varnish varnish-modules) in front of gunicorn.
#
# Readers' pages are cached and shared by every anonymous reader; staff (a session cookie), the
# admin, previews and anything Django does not mark `public` pass through. Django sends each page's
# keys in `xkey` (what it shows: article-12, section-news/hubei, home…) and purges by key when
# something changes: `PURGE /` with `xkey-purge: key key…` (settings.VARNISH_URLS).
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 30s;
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in xkey-purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Keep in step with DJANGO_ADMIN_URL; CKEditor's upload and previews are staff-only too.
    if (req.url ~ "^/(admin|ckeditor|preview)/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous readers share the cache: the only thing a reader's request may change is the
    # language, chosen here once (cookie first, then Accept-Language) and handed to Django.
    if (req.http.Cookie ~ "(^|;\s*)django_language=en") {
        set req.http.Accept-Language = "en";
    } elsif (req.http.Cookie ~ "(^|;\s*)django_language=") {
        set req.http.Accept-Language = "zh-hans";
    } elsif (req.http.Accept-Language ~ "^\s*en") {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "zh-hans";
    }
    unset req.http.Cookie;
    # Campaign parameters do not change a page (Django ignores them too).
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid)=[^&]*(&|$)", "");
    set req.url = regsub(req.url, "[?&]$", "");
    return (hash);
}

sub vcl_hash {
    # Varnish's own hash with the host lowercased and without its port: Django keys its cache by
    # the configured site host, so `Host: example.cn:81` and `Example.cn` are the same page, and
    # a client making up ports must not split the cache into copies of it.
    hash_data(req.url);
    if (req.http.host) {
        hash_data(std.tolower(regsub(req.http.host, ":[0-9]+$", "")));
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_backend_response {
    # Only what Django marks public is shared; never a response that sets a cookie.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Concurrent misses for one page wait for a single fetch (Varnish coalesces them); after a
    # page expires it is served a few seconds more while it is fetched again.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # The keys are for purging; readers need not see them.
    unset resp.http.xkey;
}
