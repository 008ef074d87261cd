"""Veiled threats: the many ways to menace a named worker without saying "I will hurt you".

The trained threat model is the main signal (it arrives as `threat=True`); these lists catch the
veiled forms it reads as harmless. They cover families, not sentences: "accidents happen",
proverbs of retribution ("man skördar som man sår", "كل ظالم له يوم"), "it is only a matter of
time", "look over your shoulder", "hope you have home insurance", "we know your face", and explicit
threats the model may miss in Arabic. Phrases are folded token runs (see lexicon.PhraseSet).

STRONG phrases count wherever the post is not about the worker as a victim (news about threats).
SOFT phrases and SYMBOLS are ambiguous ("karma", "vi ser dig", 💣) and count only where the post
has no words of thanks, news or rulings.
"""

from __future__ import annotations

import re

from classifiers.doxxing.lexicon import MENACE, PhraseSet, phrase_lines

STRONG = phrase_lines(
    """
    olyckor hander
    olyckor kan handa
    olyckor sker
    en olycka kan
    en olycka hander
    vore synd om
    vore trakigt om
    vore tragiskt om
    skulle vara synd om
    synd om nagot
    om nagot skulle handa
    tank om nagot
    tank om nagon
    man vet aldrig vad
    vem vet vad som
    ingen vet vad som
    kan handa vad som helst
    allt kan handa
    skordar som man sar
    skordar man
    ska skorda
    kommer skorda
    som man baddar
    graver en grop
    hemforsakring*
    brandforsakring*
    hoppas du har forsakring
    hoppas hon har forsakring
    hoppas han har forsakring
    ar forsakrat
    ar forsakrad
    over axeln
    se dig for
    se er om
    ser sig om
    kanna sig trygg
    kanna dig trygg
    kanna er trygga
    kanner du dig trygg
    kanner hon sig trygg
    kanner han sig trygg
    sover du gott
    sover hon gott
    sover han gott
    ett oga oppet
    ga inte ensam
    inte ga ensam
    inte ga ut ensam
    ensam till bilen
    din dag kommer
    hennes dag kommer
    hans dag kommer
    er dag kommer
    dagar ar raknade
    rakna dina dagar
    rakna dagarna
    nagot av ditt
    oga for oga
    tand for tand
    ska fa igen
    kommer fa igen
    far igen for
    far vad hon fortjanar
    far vad han fortjanar
    far som hon fortjanar
    far som han fortjanar
    vi vantar pa dig
    vi vantar pa henne
    vi vantar pa honom
    vi har koll pa
    vi haller ett oga
    medan du fortfarande kan
    sista varningen
    detta ar en varning
    det har ar en varning
    ta detta som en varning
    tick tack
    tick tock
    tiktak
    klockan tickar
    brinner latt
    brinna upp
    ingen skulle sakna
    ingen kommer sakna
    skulle ingen sakna
    vi forlater aldrig
    vi forlater inte
    jag vet hur du ser ut
    jag vet var du bor
    jag vet var hon bor
    jag vet var han bor
    fa en kula
    en kula i
    fortjanar en kula
    kolla bromsarna
    skar bromsarna
    check your brakes
    detta ar ingen varning
    det har ar ingen varning
    vi vet hur du ser ut
    jag hittar dig
    jag kommer hitta
    fa stryk
    ska fa stryk
    sla sonder
    sla ihjal
    knivhugg*
    ska dodas
    borde dodas
    ska do
    borde do
    ska skjutas
    borde skjutas
    accidents happen
    accidents can happen
    would be a shame if
    be a shame if
    be a pity if
    something might happen
    something could happen
    you never know what
    anything can happen
    over your shoulder
    watch yourself
    only a matter of time
    just a matter of time
    what goes around
    reap what
    karma is a bitch
    karma's a bitch
    karma will
    hope you have insurance
    hope your house is insured
    one eye open
    while you still can
    while she still can
    while he still can
    we know your face
    we know your schedule
    we know your car
    we know your routine
    we know your kids
    we are watching
    we're watching
    we'll be waiting
    days are numbered
    count your days
    you have been warned
    you've been warned
    consider this a warning
    last warning
    final warning
    this is a warning
    you're not safe
    you are not safe
    won't be safe
    what's coming to her
    what's coming to him
    gets what she deserves
    gets what he deserves
    كل ظالم له يوم
    كل ظالم إلو يوم
    كل ظالم الو يوم
    كل ظالم إله يوم
    الأيام بيننا
    الايام بيننا
    الأيام بيناتنا
    الايام بيناتنا
    ما حدا بيعرف شو
    محدش عارف
    لا أحد يعرف ماذا
    انتبه على حالك
    انتبهي على حالك
    انتبه لحالك
    انتبهي لحالك
    خلي بالك
    دير بالك
    ديري بالك
    رح تشوف
    راح تشوف
    رح تشوفي
    راح تشوفي
    يوم الحساب
    دمك حلال
    دمها حلال
    دمه حلال
    الدنيا دوارة
    كما تدين تدان
    ويلك
    ويلها
    نهايتك
    نهايتها
    تدفع الثمن
    تدفعي الثمن
    ستدفعين
    رح تدفع
    راح تدفع
    لنحرق
    سنحرق
    بنحرق
    رح نحرق
    لنقتلك
    لنقتلها
    لنقتله
    سنقتلك
    سنقتلها
    بنقتلك
    رح نقتلك
    نذبحها
    نذبحك
    سنذبح
    brinner sa latt
    brinner fort
    ska fa se vad som hander
    ska du fa se vad
    kommer fa se vad som hander
    break every bone
    insurance on your house
    ندفعها التمن
    وندفعها التمن
    ندفعه التمن
    وندفعه التمن
    ندفعك التمن
    بيجي يومك
    جاي يومك
    يومك جاي
    يوم لك ويوم عليك
    والله لنوصل
    والله لنوصلك
    har fram till
    du har till mandag
    du har till fredag
    du har till imorgon
    tar vi inget ansvar
    inget ansvar for vad
    sista chansen
    inte vi som bestammer
    du ocksa har barn
    du har ocksa barn
    du har ju barn
    ingen sover gott
    hoppas du sover gott
    betala till slut
    valkomna honom ordentligt
    valkomna henne ordentligt
    klockan tickar
    tiden rinner ut
    time's running out
    time is running out
    whatever comes next
    face the consequences
    no police around
    no second chances
    don't get second chances
    don't live long
    dont live long
    won't live long
    clock is ticking
    last chance
    you have kids too
    you also have kids
    you also have children
    الحساب جاي
    الحساب قرب
    الحساب قرّب
    استعد
    استعدي
    ما بينام مرتاح
    لا تلومي غير حالك
    لا تلوم غير حالك
    خدوا حقكن
    خذوا حقكم
    الموت لكل
    الموت لكل من
    ska fa lida
    ska du fa lida
    kommer fa lida
    kommer att fa lida
    ska lida lika
    you will suffer
    you'll suffer
    she will suffer
    he will suffer
    will not be safe
    wont be safe
    not be safe anywhere
    kommer inte vara saker
    kommer aldrig vara saker
    kommer inte vara trygg
    kommer aldrig vara trygg
    inte vara saker nagonstans
    لن تكون بأمان
    مش رح تكون بأمان
    ما رح تكون بأمان
    narmare an han tror
    narmare an hon tror
    narmare an du tror
    closer than you think
    closer than she thinks
    closer than he thinks
    ni vet vad man gor med
    ni vet vad ni ska gora
    ni vet vad ni ska saga till
    you know what to do with
    you know what we do with
    vi har dina uppgifter
    slutar inte forran du betalar
    du som inte kommer hem
    du kommer inte hem
    you won't make it home
    you wont make it home
    يجيبوا حقهم
    حقهم بإيدهم
    حقهم بايدهم
    ما رح يستنوا عدالة
    """
)

SOFT = phrase_lines(
    """
    karma*
    tidsfraga*
    man vet aldrig
    var forsiktig
    vi ser dig
    vi ser er
    vi haller koll
    jag vet var
    dagen kommer
    det som vantar
    vad som vantar
    medan du kan
    medan hon kan
    medan han kan
    innan det ar for sent
    vi ar manga
    vi finns overallt
    we see you
    a matter of time
    before it's too late
    see you soon
    ses snart
    استني
    استنى
    انتظري
    ستري
    سترى
    حسابك
    حسابها
    حسابه
    i will find you
    i'll find you
    i swear i will
    jag lovar dig
    jag lovar er
    i promise you
    bra forsakring
    god forsakring
    forsakring pa huset
    forsakring pa bilen
    forsakring pa villan
    """
)

# Bombs, knives, guns, coffins, blood, explosions, an hourglass running out, a target.
SYMBOLS = ("🔪", "🔫", "💣", "🧨", "⚰", "🪦", "☠", "🩸", "🪓", "💥", "⏳", "⌛", "🎯")

SYMBOLS_RE = re.compile("|".join(SYMBOLS))
# one set with the older list in lexicon.MENACE ("vi vet var du bor", "du kommer ångra dig")
STRONG_SET = PhraseSet(MENACE + STRONG)
SOFT_SET = PhraseSet(SOFT)
