from django.urls import path

from hearth.lettings import portal_views, views

app_name = "lettings"
urlpatterns = [
    path("", views.register, name="register"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/bands/", views.application_bands, name="application_bands"),
    path("applications/<int:pk>/bids/", views.application_bids, name="application_bids"),
    path("applications/<int:pk>/files/", views.application_files, name="application_files"),
    path("applications/<int:pk>/history/", views.application_history, name="application_history"),
    path(
        "applications/<int:pk>/circumstances/",
        views.application_circumstances,
        name="application_circumstances",
    ),
    path("applications/<int:pk>/qualify/", views.application_qualify, name="application_qualify"),
    path("applications/<int:pk>/band/", views.application_band, name="application_band"),
    path("applications/<int:pk>/bedrooms/", views.application_bedrooms, name="application_bedrooms"),
    path("applications/<int:pk>/status/", views.application_status, name="application_status"),
    path("applications/<int:pk>/bid/", views.application_bid, name="application_bid"),
    path("applications/<int:pk>/reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("bids/<int:pk>/withdraw/", views.bid_withdraw, name="bid_withdraw"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("cycles/<int:pk>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:pk>/automatic-bids/", views.cycle_auto_bids, name="cycle_auto_bids"),
    path("adverts/", views.advert_list, name="adverts"),
    path("adverts/new/", views.advert_create, name="advert_create"),
    path("adverts/<int:pk>/", views.advert_detail, name="advert"),
    path("adverts/<int:pk>/offer/", views.advert_offer, name="advert_offer"),
    path("shortlist/<int:pk>/bypass/", views.shortlist_bypass, name="shortlist_bypass"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("statistics/", views.statistics, name="statistics"),
    path("scheme/", views.scheme, name="scheme"),
    path("partners/", views.partners, name="partners"),
    # the applicant portal
    path("portal/", portal_views.sign_in, name="portal_sign_in"),
    path("portal/code/", portal_views.enter_code, name="portal_code"),
    path("portal/sign-out/", portal_views.sign_out, name="portal_sign_out"),
    path("portal/home/", portal_views.home, name="portal_home"),
    path("portal/adverts/", portal_views.adverts, name="portal_adverts"),
    path("portal/adverts/<int:pk>/bid/", portal_views.bid, name="portal_bid"),
    path("portal/bids/<int:pk>/withdraw/", portal_views.withdraw, name="portal_withdraw"),
    path("portal/feedback/", portal_views.feedback, name="portal_feedback"),
    path("portal/photos/<int:pk>/", portal_views.photo, name="portal_photo"),
]
