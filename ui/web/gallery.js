/* gallery.js - start one asciinema player per recording of a gallery page.
 *
 * Each <div class="player" data-cast="ID"> gets a player fed from the
 * <script type="application/x-asciicast" id="ID"> block of the same page (the
 * cast is inlined: a page opened from file:// cannot fetch one). The players
 * are kept in window.gmpPlayers by variant name, for the browser test and for
 * anyone scripting a lesson from the console. A missing or empty cast is
 * reported on the console and in the page, never silently skipped. */
(function () {
	"use strict";
	window.gmpPlayers = {};
	document.querySelectorAll("div.player[data-cast]").forEach(function (el) {
		var id = el.getAttribute("data-cast");
		var src = document.getElementById(id);
		var text = src ? src.textContent.trim() : "";
		if (!text) {
			el.textContent = "recording missing: " + id;
			console.error("gallery: no inlined cast #" + id);
			return;
		}
		window.gmpPlayers[id.replace(/^cast-/, "")] = AsciinemaPlayer.create({ data: text }, el, {
			fit: "width",
			preload: true,
			idleTimeLimit: 2,
			terminalFontFamily: "'DejaVu Sans Mono', 'Liberation Mono', monospace"
		});
	});
})();
