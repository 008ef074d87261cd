"""Scraping throughput: pages per second fetched and parsed for 50 sources at once, and where the
time goes (parsing, other client work, waiting).

The captured fixtures (tests/fixtures/) are served by tests/support/http_server.py's FixtureServer
in a child process (so the server's threads never share the client's GIL or event loop), every
answer held back by an artificial latency. 50 sources of nine kinds point at it, and each round
runs all of them at once, through the real fetch functions (scrapers/registry.py) and one real
scrapers.http.HttpClient, robots.txt obeyed, with `per_host_interval` 0: on the internet the
politeness interval (default 1 s per host) and not the parser would set the pace, and all 50
sources here live on one host.

Parsing is timed (CPU time) by wrapping the parse functions (each kind's page/item parsers, and
Fetched.text/json, the charset decoding and JSON decoding); only the outermost of nested calls
counts. The rest of the process CPU time is other client work (httpx, asyncio, the fetch loops);
wall time with no CPU at all is waiting for the server. Each run is a fresh client doing ROUNDS
rounds; the results are medians over REPEATS runs, for a server latency of 20 ms and of 0 ms
(the ceiling: a client bound by its own CPU).
"""

from __future__ import annotations

import asyncio
import functools
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from common import median, write_results

from models.posts import FetchResult
from scrapers import bluesky, forum, mastodon, reddit, rss, telegram, web, x, youtube
from scrapers.http import Fetched, HttpClient
from scrapers.registry import KINDS
from scrapers.settings import SourceBase
from tests.support.scraping import cassette_body, fixture, twarc_body

ROUNDS = int(os.environ.get("BENCH_SCRAPE_ROUNDS", "2"))
REPEATS = int(os.environ.get("BENCH_SCRAPE_REPEATS", "7"))
LATENCIES_MS = (20, 0)
CONTACT = "bench@example.se"

HTML = {"Content-Type": "text/html; charset=utf-8"}
JSON = {"Content-Type": "application/json; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
LATIN1_XML = {"Content-Type": "text/xml; charset=ISO-8859-1"}
FLASHBACK = "flashback_thread_page_t_2000_reformatted__miroli_flashback.html"
ARABIC_SELECTORS = {
    "post": "article.news-item",
    "title": ".title",
    "text": ".body",
    "author": ".by",
    "date": "time@datetime",
    "link": ".title a@href",
}
FORUM_SELECTORS = {
    "post": "table.post",
    "text": ".post_message",
    "author": ".bigusername",
    "date": ".post-date",
    "link": "a[id^=postcount]@href",
}
RSS_FEEDS = [
    ("rss2_guardian_us_2018__rss_parser.xml", XML),
    ("rss2_reddit_frontpage_2015__rss_parser.xml", XML),
    ("rss2_uol_noticias_iso8859_no_xmldecl_2018__rss_parser.xml", LATIN1_XML),
    ("atom_heise_developer_2016__rss_parser.xml", XML),
    ("atom_reddit_r_homelab_new_2023__feed_rs.xml", XML),
    ("youtube_feeds_videos_xml_google_2015__feedjira.xml", XML),
    ("youtube_feeds_videos_xml_channel_id_2016__momoclo_channel.xml", XML),
]
MASTODON = [
    "api_v1_timelines_tag_2017_friends_nico__bigbone.json",
    "api_v1_timelines_public_2017_mstdn_jp__bigbone.json",
]
BLUESKY_SEARCH = "/xrpc/app.bsky.feed.searchPosts"
BLUESKY_AUTHOR = "/xrpc/app.bsky.feed.getAuthorFeed"
X_PAGES = [
    "api_v2_tweets_search_recent_brexit_2021_100tweets_twarc2_page__twarc_csv.jsonl",
    "api_v2_tweets_search_recent_kpop_2021_with_errors_twarc2_page__twarc_csv.jsonl",
    "api_v2_tweets_lookup_media_tweet_twarc2_page__twarc_csv.jsonl",
]
YOUTUBE_FEED = "youtube_feeds_videos_xml_channel_id_2016__momoclo_channel.xml"


# --- the 50 sources and what the server answers them ---------------------------------------------


def plan(base: str) -> tuple[list[dict], dict[str, tuple[bytes, dict[str, str]]]]:
    """The source settings (config.yaml's shape) and the server's routes: path → (body, headers)."""
    sources: list[dict] = []
    routes: dict[str, tuple[bytes, dict[str, str]]] = {
        "/robots.txt": (b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
    }

    def add(kind: str, number: int, **settings) -> None:
        sources.append({"id": f"{kind}-{number:02d}", "kind": kind, "every": "15m", **settings})

    for n in range(8):
        name, headers = RSS_FEEDS[n % len(RSS_FEEDS)]
        routes[f"/feeds/{n}.xml"] = (fixture("rss", name), headers)
        add("rss", n, url=f"{base}/feeds/{n}.xml")
    page = fixture("telegram", "tme_s_channel_full_page_topwar_official__any2feed.html")
    for n in range(8):
        routes[f"/s/kanal{n:02d}"] = (page, HTML)
        add("telegram", n, channel=f"kanal{n:02d}", base_url=base)
    thread = fixture("forum", FLASHBACK)
    for n in range(5):
        routes[f"/t{1000 + n}"] = (thread, HTML)
        add("forum", n, preset="flashback", url=f"{base}/t{1000 + n}")
    arabic = fixture("web", "arabic_news_list_handwritten_fictional.html")
    for n in range(5):
        if n < 3:
            routes[f"/ar/{n}/"] = (arabic, {"Content-Type": "text/html"})
            add("web", n, url=f"{base}/ar/{n}/", selectors=ARABIC_SELECTORS, timezone="Asia/Riyadh")
        else:
            routes[f"/trad/{n}"] = (fixture("web", FLASHBACK), HTML)
            add("web", n, url=f"{base}/trad/{n}", selectors=FORUM_SELECTORS)
    for n in range(6):
        routes[f"/api/v1/timelines/tag/tagg{n}"] = (fixture("mastodon", MASTODON[n % 2]), JSON)
        add("mastodon", n, base_url=base, hashtag=f"tagg{n}")
    cassette = "vcr_cassette_app_bsky_feed_{}_2025{}__bskyr.yml"
    bodies = {
        "search23": fixture("bluesky", "app_bsky_feed_searchPosts_2023_redistricting__bskyr.json"),
        "search25": cassette_body(
            "bluesky", cassette.format("searchPosts", "_redistricting"), "searchPosts"
        ),
        "author23": fixture("bluesky", "app_bsky_feed_getAuthorFeed_2023__bskyr.json"),
        "author25": cassette_body("bluesky", cassette.format("getAuthorFeed", ""), "getAuthorFeed"),
    }
    for n in range(6):
        if n < 4:
            routes[f"{BLUESKY_SEARCH}?q=fraga{n}"] = (bodies[f"search{23 + 2 * (n % 2)}"], JSON)
            add("bluesky", n, base_url=base, query=f"fraga{n}")
        else:
            actor = f"konto{n}.bsky.social"
            routes[f"{BLUESKY_AUTHOR}?actor={actor}"] = (bodies[f"author{23 + 2 * (n % 2)}"], JSON)
            add("bluesky", n, base_url=base, actor=actor)
    for n in range(6):
        if n < 4:
            routes[f"/r/sub{n}/new.json"] = (
                fixture("reddit", "r_test_listing_posts_2019__go_reddit.json"),
                JSON,
            )
            add("reddit", n, base_url=base, subreddit=f"sub{n}")
        else:
            routes[f"/search.json?q=sok{n}"] = (
                fixture("reddit", "search_json_listing_2020__go_reddit.json"),
                JSON,
            )
            add("reddit", n, base_url=base, query=f"sok{n}")
    for n in range(3):
        channel = f"UCbenchmark{n:02d}"
        routes[f"/feeds/videos.xml?channel_id={channel}"] = (fixture("youtube", YOUTUBE_FEED), XML)
        add("youtube", n, base_url=base, channel_id=channel)
    for n in range(3):
        routes[f"/2/tweets/search/recent?query=xfraga{n}"] = (twarc_body(X_PAGES[n]), JSON)
        add("x", n, base_url=base, query=f"xfraga{n}")
    assert len(sources) == 50, len(sources)
    return sources, routes


# --- the server, in a child process --------------------------------------------------------------


def serve(latency_ms: float) -> None:
    """Child process: serve the plan's routes until stdin closes."""
    from tests.support.http_server import FixtureServer, Route

    server = FixtureServer()
    # 50 clients connect at once; the default listen backlog (5) would drop SYNs and add 1 s
    # retransmission stalls that have nothing to do with scraping.
    server.httpd.socket.listen(256)
    host, port = server.httpd.server_address[:2]
    _, routes = plan(f"http://{host}:{port}")
    for path, (body, headers) in routes.items():
        server.routes[path] = Route(body, headers=headers, delay=latency_ms / 1000)
    server.start()
    print(server.base_url, flush=True)
    sys.stdin.read()
    server.stop()


class Server:
    def __init__(self, latency_ms: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(latency_ms)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent,
        )
        self.base_url = self.process.stdout.readline().strip()
        if not self.base_url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"fixture server did not start: {self.base_url!r}")

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(10)


# --- the client, instrumented --------------------------------------------------------------------


class ParseClock:
    """CPU time spent inside parse functions, outermost call only, per label.

    CPU time (thread_time), not wall time: on a busy machine a parse that is preempted would
    otherwise count the other processes' time as parsing.
    """

    def __init__(self) -> None:
        self.seconds: Counter = Counter()
        self._depth = 0

    def wrap(self, label: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self._depth = 1
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.thread_time() - start
                self._depth = 0

        return timed

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


PARSERS = [
    (rss, "parse_feed", "rss"),
    (youtube, "parse_feed", "youtube"),
    (youtube, "parse_comment_threads", "youtube"),
    (telegram, "parse_channel_page", "telegram"),
    (forum, "parse_forum_page", "forum"),
    (web, "parse_page", "web"),
    (mastodon, "_statuses", "mastodon"),
    (mastodon, "parse_status", "mastodon"),
    (bluesky, "_page_items", "bluesky"),
    (bluesky, "parse_post_view", "bluesky"),
    (reddit, "listing_children", "reddit"),
    (reddit, "parse_thing", "reddit"),
    (x, "parse_page", "x"),
    (Fetched, "text", "decode"),  # charset detection and decoding of HTML/XML pages
    (Fetched, "json", "decode"),  # JSON decoding of API answers
]


def instrument(clock: ParseClock) -> None:
    for owner, name, label in PARSERS:
        original = getattr(owner, name)  # fails loudly if a parser is renamed
        setattr(owner, name, clock.wrap(label, original))


class CountingClient(HttpClient):
    """The real client; counts the pages asked for (each `get`, redirects included)."""

    pages = 0

    async def get(self, url: str, **kwargs) -> Fetched:
        fetched = await super().get(url, **kwargs)
        self.pages += 1
        return fetched


async def one_run(sources: list[SourceBase], clock: ParseClock) -> dict:
    http = CountingClient(CONTACT, timeout=30, per_host_interval=0, retries=0, obey_robots=True)
    posts = 0
    parse_before = clock.total
    by_label_before = Counter(clock.seconds)
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    try:
        for _ in range(ROUNDS):
            results: list[FetchResult] = await asyncio.gather(
                *(KINDS[source.kind].fetch(http, source, {}) for source in sources)
            )
            posts += sum(len(result.posts) for result in results)
    finally:
        await http.aclose()
    wall = time.perf_counter() - wall_start
    cpu = time.process_time() - cpu_start
    parse = clock.total - parse_before
    by_label = {k: v - by_label_before.get(k, 0.0) for k, v in clock.seconds.items()}
    return {
        "pages": http.pages,
        "posts": posts,
        "wall": wall,
        "cpu": cpu,
        "parse": parse,
        "by_label": by_label,
    }


def measure(latency_ms: float, clock: ParseClock) -> dict:
    server = Server(latency_ms)
    try:
        settings, _ = plan(server.base_url)
        sources = [KINDS[s["kind"]].settings.model_validate(s) for s in settings]
        asyncio.run(one_run(sources, clock))  # warm-up: imports, caches, connections
        runs = [asyncio.run(one_run(sources, clock)) for _ in range(REPEATS)]
    finally:
        server.stop()
    pages = runs[0]["pages"]
    assert all(run["pages"] == pages and run["posts"] == runs[0]["posts"] for run in runs)
    labels = sorted({label for run in runs for label in run["by_label"]})
    return {
        "latency_ms": latency_ms,
        "pages_per_run": pages,
        "posts_per_run": runs[0]["posts"],
        "pages_per_s_median": round(median([run["pages"] / run["wall"] for run in runs]), 1),
        "posts_per_s_median": round(median([run["posts"] / run["wall"] for run in runs])),
        "run_seconds": [round(run["wall"], 3) for run in runs],
        "parse_share_median": round(median([run["parse"] / run["wall"] for run in runs]), 3),
        "other_client_cpu_share_median": round(
            median([(run["cpu"] - run["parse"]) / run["wall"] for run in runs]), 3
        ),
        # Neither parsing nor other client work: waiting for the server (or, on a busy
        # machine, for a CPU).
        "waiting_share_median": round(
            median([max(0.0, 1 - run["cpu"] / run["wall"]) for run in runs]), 3
        ),
        "client_cpu_ms_per_page_median": round(
            median([run["cpu"] / run["pages"] * 1000 for run in runs]), 2
        ),
        # The ceiling on one core with no waiting at all: pages per second of client CPU.
        "pages_per_client_cpu_s_median": round(
            median([run["pages"] / run["cpu"] for run in runs]), 1
        ),
        "parse_ms_per_page_median": round(
            median([run["parse"] / run["pages"] * 1000 for run in runs]), 2
        ),
        "parse_ms_per_run_by_part_median": {
            label: round(median([run["by_label"].get(label, 0.0) * 1000 for run in runs]), 1)
            for label in labels
        },
    }


def main() -> None:
    os.environ[x.DEFAULT_TOKEN_ENV] = "benchmark-token"  # the local server ignores it
    os.environ.pop(youtube.DEFAULT_KEY_ENV, None)  # uploads feed only, no comments API
    clock = ParseClock()
    instrument(clock)
    settings, _ = plan("http://127.0.0.1:1")
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    results = [measure(latency, clock) for latency in LATENCIES_MS]
    write_results(
        "scrape",
        {
            "sources": dict(Counter(s["kind"] for s in settings)),
            "concurrency": len(settings),
            "per_host_interval_s": 0,
            "robots_txt_obeyed": True,
            "rounds_per_run": ROUNDS,
            "repeats": REPEATS,
            "server": "FixtureServer (ThreadingHTTPServer) in a child process, one host",
            "load_average_1min_before": round(load_before, 2),
            "results": results,
            "benchmark_seconds": round(time.perf_counter() - started, 1),
        },
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(float(sys.argv[2]))
    else:
        main()
