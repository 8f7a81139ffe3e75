"""Read-aloud in the reader (issue 18), in a real browser.

Headless Chromium has a speech engine but usually no voices, and nothing can be
heard in a test. So two things are checked honestly:
- with the browser's own engine: the controls appear, and where it has no voice
  they say so and Play stays off (or, with voices, Play is on);
- with a speech engine put in the page before it loads (a page-level stand-in for
  ``window.speechSynthesis`` that records what it is asked to say and answers with
  the same start/end events): Play, Pause/Resume, Stop, the speed, the sentence
  highlighted, the voice chosen by the version's language (English for the
  original, Spanish for the translation), all from the keyboard, axe clean.
What is not checked: how a real voice sounds, and word-by-word timing."""

from playwright.sync_api import expect

from classrooms.models import Enrolment
from classrooms.services import enrolment_accommodations_set
from lessons.services import lesson_excerpt_add
from sources.services import excerpt_translation_save
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, passage_build

# The stand-in engine: two voices on the device, each utterance "spoken" for 1.5 s.
ENGINE = """
(() => {
  const voices = [
    {name: "Test English", lang: "en-US", localService: true, default: true, voiceURI: "en"},
    {name: "Test Español", lang: "es-ES", localService: true, default: false, voiceURI: "es"},
  ];
  const spoken = [];
  let current = null;
  let timer = null;
  function end(u, type) {
    const handler = type === "end" ? u.onend : u.onerror;
    if (handler) handler(type === "end" ? {} : {error: "interrupted"});
  }
  const engine = {
    speaking: false, pending: false, paused: false,
    getVoices: () => voices,
    addEventListener: () => {},
    speak(u) {
      spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name, rate: u.rate});
      current = u;
      this.speaking = true;
      setTimeout(() => { if (current === u && u.onstart) u.onstart({}); }, 20);
      timer = setTimeout(() => { if (current === u) { current = null; this.speaking = false; end(u, "end"); } }, 1500);
    },
    cancel() {
      clearTimeout(timer);
      const u = current; current = null; this.speaking = false;
      if (u) end(u, "error");
    },
    pause() {}, resume() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
  // Its voices are plain objects, so its utterances are too.
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ""; this.voice = null; this.rate = 1;
  };
  window.__spoken = spoken;
})();
"""

ENGLISH = "The President may lend arms. Congress agreed.\n\nShips sailed north."
SPANISH = (
    "El Presidente puede prestar armas. El Congreso aceptó.\n\nLos barcos zarparon."
)


def _reader(teacher, student, *, read_aloud):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    excerpt = passage_build(owner=teacher, title="Aid", passage="Letter", text=ENGLISH)
    excerpt_translation_save(excerpt=excerpt, language="es", text=SPANISH)
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=excerpt)
    enrolment_accommodations_set(
        enrolment=Enrolment.objects.get(student=student),
        extra_days=0,
        read_aloud=read_aloud,
    )
    return assignment, excerpt


def test_read_aloud_plays_pauses_and_picks_the_voice_by_language(
    page, live_server, teacher, student
):
    assignment, excerpt = _reader(teacher, student, read_aloud=True)
    page.add_init_script(ENGINE)
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/")
    reading = page.locator(f"#ex-{excerpt.pk}")
    box = reading.locator("[data-read-aloud]")
    # Offered from the start (the accommodation): open, Play ready.
    expect(box).to_be_visible()
    expect(reading.get_by_role("button", name="Read aloud")).to_have_attribute(
        "aria-expanded", "true"
    )
    play = box.get_by_role("button", name="Play")
    expect(play).to_be_enabled()
    assert_axe_clean(page, "read-aloud controls")

    play.focus()
    page.keyboard.press("Enter")
    expect(box.get_by_role("status")).to_have_text("Reading paragraph 1.")
    pause = box.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()
    # The sentence being read is highlighted, its paragraph outlined.
    assert page.evaluate("CSS.highlights.has('read-aloud')")
    highlighted = page.evaluate("[...CSS.highlights.get('read-aloud')][0].toString()")
    assert highlighted == "The President may lend arms."
    expect(reading.locator(".para.is-reading-aloud")).to_have_id(
        excerpt.paragraph_anchor(1)
    )
    assert_axe_clean(page, "reading aloud")
    first = page.evaluate("window.__spoken[0]")
    assert first == {
        "text": "The President may lend arms.",
        "lang": "en",
        "voice": "Test English",
        "rate": 1,
    }

    page.keyboard.press("Enter")  # Pause
    expect(box.get_by_role("button", name="Resume")).to_be_focused()
    expect(box.get_by_role("status")).to_contain_text("Paused at paragraph")
    box.get_by_label("Speed").select_option("1.5")
    box.get_by_role("button", name="Resume").press("Enter")
    expect(box.get_by_role("button", name="Pause")).to_be_visible()
    page.wait_for_function("window.__spoken.some(s => s.rate === 1.5)")
    # It carries on sentence after sentence, into paragraph 2.
    expect(box.get_by_role("status")).to_have_text("Reading paragraph 2.", timeout=5000)
    box.get_by_role("button", name="Pause").press("Escape")  # Escape stops
    expect(box.get_by_role("button", name="Play")).to_be_visible()
    expect(box.get_by_role("status")).to_have_text("Stopped.")
    assert not page.evaluate("CSS.highlights.has('read-aloud')")

    # The Spanish translation, in the Spanish voice; it is shown as it is read.
    box.get_by_label("Read").select_option("es")
    box.get_by_role("button", name="Play").press("Enter")
    expect(reading.locator(".para-translated[lang='es']").first).to_be_visible()
    page.wait_for_function("window.__spoken.some(s => s.lang === 'es')")
    spanish = page.evaluate("window.__spoken.filter(s => s.lang === 'es')[0]")
    assert spanish["voice"] == "Test Español"
    assert spanish["text"] == "El Presidente puede prestar armas."
    assert_axe_clean(page, "reading the Spanish translation aloud")
    box.get_by_role("button", name="Stop").click()


def test_without_voices_the_controls_say_so(page, live_server, teacher, student):
    """The browser's own engine, as it is: headless Chromium here usually has no
    voices, and then Play stays off with the reason beside it."""
    assignment, excerpt = _reader(teacher, student, read_aloud=False)
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/")
    reading = page.locator(f"#ex-{excerpt.pk}")
    box = reading.locator("[data-read-aloud]")
    expect(box).to_be_hidden()  # offered behind its button when not set
    toggle = reading.get_by_role("button", name="Read aloud")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(box).to_be_visible()
    expect(box.get_by_label("Read")).to_be_focused()
    voices = page.evaluate(
        "new Promise(r => setTimeout(() => r(speechSynthesis.getVoices().length), 1700))"
    )
    if voices == 0:
        expect(box.get_by_role("button", name="Play")).to_be_disabled()
        expect(box.get_by_role("status")).to_contain_text(
            "No voices for reading aloud are installed on this device"
        )
    else:
        expect(box.get_by_role("button", name="Play")).to_be_enabled()
    assert_axe_clean(page, "read-aloud without voices")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(box).to_be_hidden()
