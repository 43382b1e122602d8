from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = _("Đánh giá, phản ánh kiến nghị")

    def ready(self) -> None:
        from motcua.agencies import policy
        from motcua.audit import actions
        from motcua.feedback.lifecycle import ACTION_SENTENCES, TRANSITIONS

        policy.add_lifecycle_perms("feedback", TRANSITIONS, policy.petition_where)

        for code, sentence in ACTION_SENTENCES.items():
            actions.register(f"petition.{code}", sentence)
        actions.register("rating.created", _("Đánh giá mức độ hài lòng"))
