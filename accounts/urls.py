from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("second-factor/", views.second_factor, name="second-factor"),
    path("second-factor/set-up/", views.set_up_second_factor, name="set-up-second-factor"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
    path("password/", views.change_password, name="change-password"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reset-second-factor/", views.user_reset_second_factor, name="user-reset-second-factor"),
]
