"""The access-policy table: one row per URL name saying who may reach it.

The middleware below enforces the table on every request, so a view cannot be
reachable by a role the table does not name; tests/test_access_policy.py walks every
URL pattern and fails when a route has no row or answers a role differently.

Audiences:
- PUBLIC: anyone, signed in or not (the view is also marked ``@login_not_required``).
- SIGNED_IN: any signed-in person.
- TEACHER: teachers (and staff, who administer the school).
- STUDENT: students.
- STAFF: admins only.
- STUDENT_API: students, for the fetch() endpoints of a page (autosave, cite). A
  signed-out visitor gets 401 JSON instead of a redirect to the sign-in page, so the
  page keeps what the student typed and retries after they sign in again; the view
  is marked ``@login_not_required`` for that reason and the middleware does the rest.
- SIGNED_IN_FILE: any signed-in person, for a stored file (a picture) whose view
  decides who may see it; a signed-out visitor gets 404, as for a missing file, so
  a file address never says that something is there (the view is marked
  ``@login_not_required``).
- MONITORING: a scraper (Prometheus) or staff: a request sending
  ``Authorization: Bearer <PORTAL_METRICS_TOKEN>``, or a signed-in admin; a
  signed-out request without the token gets 401, anyone else signed in 403. A
  scraper cannot sign in (a form, a second factor), hence the token; teachers and
  students have no business with the figures (the view is ``@login_not_required``).
Ownership (whose unit, whose class) is not decided here: views fetch through
selectors scoped to the viewer, so another person's object answers 404.
"""

from collections.abc import Callable
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _


class Audience(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    TEACHER = "teacher"
    STUDENT = "student"
    STAFF = "staff"
    STUDENT_API = "student_api"
    SIGNED_IN_FILE = "signed_in_file"
    MONITORING = "monitoring"


A = Audience

# url name (with namespace) -> audience. Keep grouped by app and sorted within a group.
POLICY: dict[str, Audience] = {
    # portal
    "home": A.SIGNED_IN,
    "teacher_home": A.TEACHER,
    "student_todo": A.STUDENT,
    "healthz": A.PUBLIC,
    # Prometheus metrics: the scraper's token, or an admin signed in.
    "metrics": A.MONITORING,
    # The JavaScript catalogue: words only, in the page's language.
    "javascript_catalog": A.PUBLIC,
    # jobs: a job's page, for the person who started it (others: 404)
    "jobs:detail": A.SIGNED_IN,
    "jobs:file": A.SIGNED_IN,
    # notifications: the bell's page and the person's own settings
    "notifications:list": A.SIGNED_IN,
    "notifications:bell": A.SIGNED_IN,
    "notifications:open": A.SIGNED_IN,
    "notifications:read": A.SIGNED_IN,
    "notifications:read_all": A.SIGNED_IN,
    "notifications:preferences": A.SIGNED_IN,
    "notifications:calendar_renew": A.SIGNED_IN,
    "notifications:calendar_revoke": A.SIGNED_IN,
    # The link in every e-mail: a signed token names the person (works signed out).
    "notifications:unsubscribe": A.PUBLIC,
    # A calendar program fetches the feed; its unguessable token is the key.
    "assignments:calendar_feed": A.PUBLIC,
    # accounts
    # The language menu on every page, sign-in included (a POST form).
    "accounts:language": A.PUBLIC,
    "accounts:login": A.PUBLIC,
    "accounts:logout": A.SIGNED_IN,
    "accounts:password_change": A.SIGNED_IN,
    "accounts:password_change_done": A.SIGNED_IN,
    "accounts:time_zone": A.SIGNED_IN,
    # 404 unless the school's teacher sign-up switch is on (portal.school).
    "accounts:teacher_sign_up": A.PUBLIC,
    # An unknown provider account types its login card's link code (needs a
    # provider's answer in the session; otherwise a plain refusal page).
    "accounts:sso_link": A.PUBLIC,
    # The admin's own sign-in page redirects to ours (second factor).
    "admin_sign_in": A.PUBLIC,
    # allauth (accounts/auth_urls.py): the second factor, provider sign-in.
    "account_login": A.PUBLIC,
    # (a "Cancel" during the second step is signed out already: sent to sign in)
    "account_logout": A.SIGNED_IN,
    "account_reauthenticate": A.SIGNED_IN,
    # The second step asked during sign-in, before anyone is signed in.
    "mfa_authenticate": A.PUBLIC,
    # Two-step sign-in is for staff: teachers may, admins must (setting).
    "mfa_activate_totp": A.TEACHER,
    "mfa_deactivate_totp": A.TEACHER,
    "mfa_download_recovery_codes": A.TEACHER,
    "mfa_generate_recovery_codes": A.TEACHER,
    "mfa_index": A.TEACHER,
    "mfa_reauthenticate": A.TEACHER,
    "mfa_view_recovery_codes": A.TEACHER,
    # Providers: the button posts to *_login; the provider answers at *_callback
    # (SAML: acs, then acs/finish). Unknown or switched-off providers answer 404.
    "clever_callback": A.PUBLIC,
    "clever_login": A.PUBLIC,
    "google_callback": A.PUBLIC,
    "google_login": A.PUBLIC,
    "microsoft_callback": A.PUBLIC,
    "microsoft_login": A.PUBLIC,
    "openid_connect_callback": A.PUBLIC,
    "openid_connect_login": A.PUBLIC,
    "saml_acs": A.PUBLIC,
    "saml_finish_acs": A.PUBLIC,
    "saml_login": A.PUBLIC,
    "saml_metadata": A.PUBLIC,
    "saml_sls": A.PUBLIC,
    "socialaccount_login_cancelled": A.PUBLIC,
    # sources
    "sources:excerpt_create": A.TEACHER,
    "sources:excerpt_delete": A.TEACHER,
    "sources:excerpt_edit": A.TEACHER,
    # A picture of an excerpt: whoever may read the excerpt (the library's
    # teachers, a unit's co-authors, the students and teachers of an assignment
    # using it: sources.permissions.excerpts_readable_by); anyone else 404.
    "sources:excerpt_image": A.SIGNED_IN_FILE,
    "sources:excerpt_read": A.TEACHER,
    "sources:image_create": A.TEACHER,
    "sources:image_detail_create": A.TEACHER,
    # A web page source laid out as a page: for whoever may read its excerpts
    # (teachers in the library, students of a lesson using it); else 404.
    "sources:web_page": A.SIGNED_IN,
    "sources:source_create": A.TEACHER,
    "sources:source_delete": A.TEACHER,
    "sources:source_detail": A.TEACHER,
    "sources:source_edit": A.TEACHER,
    "sources:source_list": A.TEACHER,
    "sources:translation_create": A.TEACHER,
    "sources:translation_delete": A.TEACHER,
    "sources:translation_edit": A.TEACHER,
    # classrooms
    "classrooms:classroom_archive": A.TEACHER,
    "classrooms:classroom_code": A.TEACHER,
    "classrooms:classroom_create": A.TEACHER,
    "classrooms:classroom_detail": A.TEACHER,
    "classrooms:classroom_edit": A.TEACHER,
    "classrooms:classroom_list": A.TEACHER,
    "classrooms:co_teacher_add": A.TEACHER,
    # The invited teacher answers; the owner withdraws. Anyone else's answers 404.
    "classrooms:co_teacher_invitation_answer": A.TEACHER,
    "classrooms:co_teacher_invitation_withdraw": A.TEACHER,
    "classrooms:co_teacher_remove": A.TEACHER,
    "classrooms:group_create": A.TEACHER,
    "classrooms:group_delete": A.TEACHER,
    "classrooms:group_rename": A.TEACHER,
    "classrooms:groups": A.TEACHER,
    "classrooms:groups_assign": A.TEACHER,
    "classrooms:groups_split": A.TEACHER,
    "classrooms:join": A.STUDENT,
    "classrooms:join_code_regenerate": A.TEACHER,
    "classrooms:login_cards": A.TEACHER,
    "classrooms:login_cards_csv": A.TEACHER,
    "classrooms:login_cards_discard": A.TEACHER,
    "classrooms:my_classes": A.STUDENT,
    "classrooms:sign_up": A.PUBLIC,
    # A teacher's own (or co-taught) class's student; anyone else's answers 404.
    "classrooms:student_accommodations": A.TEACHER,
    "classrooms:student_remove": A.TEACHER,
    "classrooms:student_restore": A.TEACHER,
    "classrooms:students_add": A.TEACHER,
    "classrooms:students_password_reset": A.TEACHER,
    "classrooms:welcome": A.STUDENT,
    # privacy: a class teacher's student (see privacy.permissions); others answer 404.
    "privacy:student_anonymise": A.TEACHER,
    "privacy:student_export": A.TEACHER,
    # lessons
    "lessons:co_author_add": A.TEACHER,
    "lessons:co_author_remove": A.TEACHER,
    "lessons:lesson_create": A.TEACHER,
    "lessons:lesson_delete": A.TEACHER,
    "lessons:lesson_edit": A.TEACHER,
    "lessons:lesson_editor": A.TEACHER,
    # Puts back what this browser's session removed from the lesson (POST).
    "lessons:lesson_undo": A.TEACHER,
    "lessons:lesson_excerpt_add": A.TEACHER,
    "lessons:lesson_excerpt_move": A.TEACHER,
    "lessons:lesson_excerpt_note": A.TEACHER,
    "lessons:lesson_excerpt_remove": A.TEACHER,
    "lessons:lesson_move": A.TEACHER,
    "lessons:lesson_preview": A.TEACHER,
    "lessons:lesson_source_add": A.TEACHER,
    "lessons:lesson_source_remove": A.TEACHER,
    "lessons:prompt_create": A.TEACHER,
    "lessons:prompt_delete": A.TEACHER,
    "lessons:prompt_edit": A.TEACHER,
    "lessons:prompt_move": A.TEACHER,
    "lessons:unit_copy": A.TEACHER,
    "lessons:unit_create": A.TEACHER,
    "lessons:unit_delete": A.TEACHER,
    "lessons:unit_detail": A.TEACHER,
    "lessons:unit_edit": A.TEACHER,
    "lessons:unit_list": A.TEACHER,
    "lessons:unit_status": A.TEACHER,
    # assignments
    "assignments:student_due_dates": A.TEACHER,
    "assignments:student_due_date_remove": A.TEACHER,
    "assignments:assignment_close": A.TEACHER,
    "assignments:assignment_delete": A.TEACHER,
    "assignments:assignment_create": A.TEACHER,
    "assignments:assignment_detail": A.STUDENT,
    "assignments:submit_all": A.STUDENT,
    "assignments:assignment_edit": A.TEACHER,
    "assignments:assignment_manage": A.TEACHER,
    "assignments:assignment_rubric": A.TEACHER,
    # The page's fetch() endpoints: 401 JSON when signed out (see STUDENT_API).
    "assignments:citation_create": A.STUDENT_API,
    "assignments:region_cite_create": A.STUDENT_API,
    "assignments:citation_map": A.TEACHER,
    # The evidence grid: a student's cell (its Save, and the page's autosave
    # fetch), the grid's Submit, and the teacher's class grid.
    "assignments:grid_cell_save": A.STUDENT,
    "assignments:grid_cell_autosave": A.STUDENT_API,
    "assignments:grid_submit": A.STUDENT,
    "assignments:class_grid": A.TEACHER,
    "assignments:citation_remove": A.STUDENT,
    # A fresh CSRF token for a page whose token went stale; harmless to anyone.
    "assignments:csrf_token": A.PUBLIC,
    "assignments:discussion": A.SIGNED_IN,
    "assignments:feedback_save": A.TEACHER,
    "assignments:feedback_save_next": A.TEACHER,
    "assignments:feedback_save_return": A.TEACHER,
    "assignments:feedback_save_revise": A.TEACHER,
    "assignments:assignment_points": A.TEACHER,
    "assignments:classwork": A.TEACHER,
    "assignments:gradebook": A.TEACHER,
    "assignments:gradebook_csv": A.TEACHER,
    "assignments:grading": A.TEACHER,
    "assignments:reply_create": A.STUDENT,
    "assignments:reply_edit": A.STUDENT,
    "assignments:reply_hide": A.TEACHER,
    "assignments:response_autosave": A.STUDENT_API,
    "assignments:response_cite": A.STUDENT,
    "assignments:response_cite_region": A.STUDENT,
    "assignments:response_save": A.STUDENT,
    "assignments:response_submit": A.STUDENT,
    "assignments:review_return": A.TEACHER,
    # A source-first lesson: the sourcing answers that open an excerpt's text.
    "assignments:sourcing_save": A.STUDENT,
    "assignments:review_table": A.TEACHER,
    "assignments:rubric_create": A.TEACHER,
    "assignments:rubric_delete": A.TEACHER,
    "assignments:rubric_edit": A.TEACHER,
    "assignments:rubric_list": A.TEACHER,
    "assignments:saved_comment_create": A.TEACHER,
    "assignments:saved_comment_delete": A.TEACHER,
    "assignments:saved_comment_use": A.TEACHER,
    "assignments:signed_in_again": A.SIGNED_IN,
    "assignments:skill_report": A.TEACHER,
}

# Whole namespaces that share one audience (the Django admin guards itself too).
NAMESPACE_POLICY: dict[str, Audience] = {
    "admin": A.STAFF,
}
# Admin pages that must open for anyone (the admin's own sign-in form).
ADMIN_PUBLIC = {"admin:login", "admin:logout", "admin:jsi18n"}


def audience_for(view_name: str) -> Audience | None:
    """The audience of a URL name, or None when the table has no row for it."""
    if view_name in ADMIN_PUBLIC:
        return A.PUBLIC
    if view_name in POLICY:
        return POLICY[view_name]
    namespace = view_name.split(":", 1)[0] if ":" in view_name else None
    return NAMESPACE_POLICY.get(namespace) if namespace else None


# Who belongs to each audience. Staff count as teachers; a signed-out visitor
# belongs to PUBLIC only.
_MEMBERS: dict[Audience, Callable[[object], bool]] = {
    A.PUBLIC: lambda user: True,
    A.SIGNED_IN: lambda user: user.is_authenticated,
    A.SIGNED_IN_FILE: lambda user: user.is_authenticated,
    A.STAFF: lambda user: user.is_authenticated and user.is_staff,
    A.MONITORING: lambda user: user.is_authenticated and user.is_staff,
    A.TEACHER: lambda user: (
        user.is_authenticated and (user.is_teacher or user.is_staff)
    ),
    A.STUDENT: lambda user: user.is_authenticated and user.is_student,
    A.STUDENT_API: lambda user: user.is_authenticated and user.is_student,
}


def user_in_audience(user, audience: Audience) -> bool:
    """Whether a user belongs to an audience. Staff count as teachers."""
    member = _MEMBERS.get(audience)
    return bool(member and member(user))


# Sent once for each request this middleware refuses (403/404, or the API's
# 401/403), with ``request`` and ``status``: the audit log (accounts) records it.
refused = Signal()


class AccessPolicyMiddleware:
    """Enforce the table. A URL with no row answers 404 (deny by default); anonymous
    visitors are sent to sign in by LoginRequiredMiddleware before this runs; a
    signed-in person outside the audience gets 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or (settings.DEBUG and match.view_name.startswith("djdt")):
            return None
        try:
            audience = audience_for(match.view_name)
            if audience is None:
                raise Http404("No access rule for this page.")
            answer = self._refusal(request, match.view_name, audience)
        except (Http404, PermissionDenied) as refusal:
            status = 404 if isinstance(refusal, Http404) else 403
            refused.send(AccessPolicyMiddleware, request=request, status=status)
            raise
        if answer is not None and answer.status_code in (401, 403, 404):
            refused.send(
                AccessPolicyMiddleware, request=request, status=answer.status_code
            )
        return answer

    def _refusal(self, request, view_name: str, audience: Audience):
        """None to let the request through, or the answer that refuses it."""
        if audience == A.PUBLIC:
            return None
        if audience == A.STUDENT_API:
            return self._api_check(request.user)
        if audience == A.MONITORING:
            return self._monitoring_check(request)
        if audience == A.SIGNED_IN_FILE and not request.user.is_authenticated:
            raise Http404
        if not request.user.is_authenticated:
            # LoginRequiredMiddleware redirects first; this only guards a view that
            # was marked public by mistake while its row says otherwise.
            return redirect_to_login(request.get_full_path())
        staff_only = view_name.startswith("admin:") and not request.user.is_staff
        if staff_only or not user_in_audience(request.user, audience):
            raise PermissionDenied
        return None

    @staticmethod
    def _monitoring_check(request):
        token = settings.PORTAL_METRICS_TOKEN
        given = request.META.get("HTTP_AUTHORIZATION", "")
        if token and constant_time_compare(given, f"Bearer {token}"):
            return None
        if not request.user.is_authenticated:
            refused = HttpResponse("A monitoring token is needed.\n", status=401)
            refused["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return refused
        if not user_in_audience(request.user, A.MONITORING):
            raise PermissionDenied
        return None

    @staticmethod
    def _api_check(user):
        if not user.is_authenticated:
            message = _("You were signed out. Your text is still here.")
            return JsonResponse({"error": "signed_out", "message": message}, status=401)
        if not user_in_audience(user, A.STUDENT_API):
            return JsonResponse({"error": "forbidden"}, status=403)
        return None
