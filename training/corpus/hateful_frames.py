"""Hateful frames that fit many groups: each is filled with one group's words.

Fields are described in ``grammar.py``. ``|| -tag`` keeps a frame away from groups where it would
read as nonsense (nobody tells the elderly to "go back to their country").
"""

# ruff: noqa: E501 -- one sentence or frame a line: wrapping would split it

from __future__ import annotations

from training.corpus.grammar import frames

DEROGATION = frames("h", "derogation_explicit", """
{G} me dão nojo de verdade
não consigo respeitar {G}, foi mal
{os} {G} são a escória dessa cidade
gente mais inútil que {G} eu nunca vi
{G} são um lixo de gente
quanto mais eu conheço {G} mais eu desprezo
{os} {G} são podres por dentro
juro que eu desprezo {G} de coração
{os} {G} são tudo igual, tudo falso
que gente repugnante {esses} {G}
{G}? escória. próxima pergunta
só de ver {G} meu dia já estraga
sempre achei {G} uma gente baixa
não tem {um} {g} que preste
{todo} {g} é desprezível, sem exceção
{o} {c} é a vergonha do brasil
{o} {c} não presta pra nada, nunca prestou
vou falar o que todo mundo pensa e ninguém tem coragem: {os} {G} são o motivo do brasil não ir pra frente, e enquanto a gente passar pano pra essa gente nada vai mudar
ranço eterno de {G}
{G} conseguem ser piores do que eu imaginava
cada dia que passa eu tenho mais ódio de {G}
{G} são gente de quinta
""")

IMPLICIT = frames("h", "derogation_implicit", """
depois que {os} {G} começaram a frequentar o shopping eu parei de ir
quando vejo {G} na fila do caixa já troco de fila
meu condomínio era tranquilo até {os} {G} se mudarem pra cá || -age
engraçado como o nível do servidor caiu quando entraram {G}
na minha empresa a gente evita contratar {G}, por motivos óbvios
se tiver {g} no time eu nem jogo
eu seguro minha bolsa quando {um} {g} senta do meu lado || -body -faith -age -gender
não é à toa que ninguém quer {G} por perto
prefiro pagar mais caro do que ser atendido por {g}
no meu prédio tem uma regra que ninguém escreve: nada de {G}
tem lugar que {G} não deviam frequentar e todo mundo sabe disso
{G} até podem ser gente, mas de longe
aluguei meu apê mas deixei claro que pra {g} não rola
{person} é {d}, então já sabe né, fico de olho nas minhas coisas
{person} é {d} mas até que é limp{a}
{person} é {d}, mas é dos bons, não é igual aos outros
descobri que {person} é {d} e cortei contato na hora
{person} é {d} e ainda quer opinar sobre tudo, vê se pode
contratei {um} {g} uma vez, nunca mais
{os} {G} da minha rua eu conto nos dedos {os} que prestam
não é preconceito, é só que eu não sento perto de {g}
{G} trabalhando no meu restaurante? só na cozinha, longe dos clientes
descobri que {person} é {d} e já fui falar com o síndico, não pago condomínio caro pra dividir elevador com esse tipo de gente
toda vez que eu entro no ônibus e vejo {G} eu já mudo de lugar, pode me chamar do que quiser mas eu prefiro prevenir do que remediar, a gente sabe como essa gente é
cara eu tentei ser tolerante, juro que tentei, mas depois de morar dois anos do lado de {G} eu cheguei à conclusão de que essa gente não presta e nunca vai prestar
{person} é {d} e até é educad{a}, mas ter um desses na família é outra história
""")

DEHUMANISATION = frames("h", "dehumanisation", """
{G} se reproduzem igual rato || -age
{G} são uma infestação, tem que dedetizar
{os} {G} são bicho, não gente
bairro que recebe {G} vira chiqueiro em menos de um ano
{G} são tipo barata, quanto mais mata mais aparece
{os} {G} são um vírus, contaminam tudo que encostam
{G} são sub-human{a}s
{G} fedem igual esgoto
{esses} {G} são um tumor nesse país
{G} são lixo e lixo a gente joga fora
{G} vivem que nem bicho e querem ser tratad{a}s como gente
{G} são uma espécie que não evoluiu
{G} são carrapatos, vivem sugando quem trabalha
tinha que ter carrocinha pra recolher {G}
{G} são mais suj{a}s que rato de esgoto
{o} {c} é uma praga que tem que ser erradicada
{G} são gado, só sabem seguir o rebanho
olha o bando de {G}, parece uma manada
""")

THREAT = frames("h", "threat", """
se {um} {g} chegar perto de mim vai levar bala
tô guardando umas pedras {pros} {G} que passam aqui na rua
na próxima vez que eu ver {G} no meu bairro vai ter sangue
um dia a gente resolve o problema {dos} {G} na bala
um dia {esses} {G} ainda vão arder numa fogueira, pode escrever
vou fazer {G} se arrependerem de ter nascido
ainda vou pegar {um} {g} sozinh{a} e ensinar uma lição
sei onde {os} {G} da minha rua moram, só esperando a hora
{G} que se cuidem, a gente tá de olho
se dependesse de mim {os} {G} iam ter que sair do país em 24 horas, e quem ficasse ia se arrepender amargamente, porque eu não tenho paciência nenhuma com esse povo || -gender -age -body -class
o dia que liberarem arma eu vou atrás {dos} {G}
se eu fosse presidente {os} {G} iam sumir do mapa em uma semana
bora fazer uma limpa {nos} {G} desse bairro
{um} {g} me encarou no metrô, da próxima eu quebro no meio
falta pouco pra alguém meter fogo na casa {desses} {G}
tô com o taco no porta-malas pra quando cruzar com {G}
{G} vão apanhar até aprender o lugar {deles}
""")

EXCLUSION = frames("h", "exclusion", """
{G} tinham que ser proibid{a}s de votar e de alugar casa
proíbe a entrada de {G} no servidor e pronto
tinha que ter um bairro só {pros} {G}, bem longe da gente
empresa que contrata {G} devia ser boicotada
bane tudo que é {g} desse server
pra mim {G} podiam perder o sus e o auxílio amanhã mesmo
escola não é lugar pra {G}
quero {G} longe dos meus filhos
a polícia devia recolher {G} da rua
{G} deviam andar com identificação pra gente saber quem é
não aluguem nada pra {G}, é o melhor conselho que eu dou
expulsa {esses} {G} daqui antes que seja tarde
devia ter uma lei tirando os direitos {dos} {G}
separa {os} {G} do resto e acabou o problema
{G} fora do brasil || +foreign +faith +sexuality
{G} não deviam nem ter permissão pra casar
tinha que proibir {G} de ter filho || -age
vaga de emprego boa não é pra {g}
chega de dar espaço pra {G}, fecha tudo
""")

QUESTION = frames("h", "hate_question", """
alguém me explica pq {os} {G} são tão insuportáveis?
qual a utilidade de {um} {g} na sociedade?
sério, quem gosta de {G}?
pq {os} {G} não vão morar tod{a}s numa ilha bem longe?
vcs já viram {um} {g} que presta?
por que a gente tem que aturar {G}?
desde quando {G} têm opinião?
quem deixou {esses} {G} entrarem no server?
vale a pena dividir espaço com {G}? acho que não
pra que dar voz pra {G}?
não é estranho como {os} {G} sempre atrapalham tudo?
até quando vamos sustentar {G}?
existe {g} honest{a}?
alguém conhece {um} {g} que não seja um problema? pois é
como alguém consegue ser amigo de {g}?
vocês deixariam sua filha namorar {um} {g}? nem ferrando || -gender -age
""")

OPINION = frames("h", "hate_opinion", """
na minha humilde opinião, {os} {G} pesam demais pro país
posso levar ban mas vou falar, {G} não prestam
vou ser sincero, não gosto de {G} e nunca vou gostar
pra mim {G} são gente de segunda categoria
opinião impopular: o país era melhor sem {G}
cada um tem sua opinião e a minha é que {G} estragam o brasil
eu particularmente não confio em {G}, em {nenhum}
sei lá, eu acho {G} inferiores mesmo, fazer o que
prefiro mil vezes um cachorro do que {um} {g}
me chamem do que quiserem, {G} não são iguais a nós
sou contra {G} em cargo de chefia, simples
é minha visão e não vou mudar: {G} não prestam
no fundo todo mundo pensa igual eu sobre {os} {G}, só falta coragem
falo mesmo: {G} atrasam o país
a real é que ninguém suporta {G}, só finge
acho que {o} {c} já passou dos limites faz tempo
pra mim {o} {c} é o câncer do brasil
""")

JOKE = frames("h", "hate_joke", """
qual a diferença entre {um} {g} e um saco de lixo? o saco de lixo a gente põe pra fora
{G} na minha festa só se for pra servir cafezinho
como chama {um} {g} inteligente? lenda urbana
o melhor tipo de {g} é {o} que fica em casa
se {G} servissem pra alguma coisa já tinham inventado um uso
contei quant{a}s {G} prestam: zero
{G} e wi-fi de rodoviária: ninguém confia
meu sonho é um mundo sem {G}, ia ser o paraíso
pq {os} {G} não jogam ranked? pq não passam do bronze de gente
o que {um} {g} e um pneu furado têm em comum? ninguém quer carregar
{G} são igual mosquito da dengue, só aparecem pra incomodar
""")

SWEARING = frames("h", "derogation_explicit", """
{G} são {uns} bosta, papo reto
vsf {G}, ninguém aguenta mais
caralho, como {os} {G} são escrot{a}s
{G} da porra, vazem do meu servidor
que se fodam {os} {G}
merda de {G}, estragaram o bairro
{os} {G} são uma desgraça do caralho
{G} é tudo lixo, porra
pqp, que raiva de {G}
{G} só fazem merda, impressionante
caralho, quant{a}s {G} tem nesse server, que nojo
{os} {G} que se fodam, não tô nem aí
{G} do caralho, só sabem encher o saco
porra, é por isso que eu odeio {G}
{esse} {c} de merda só atrapalha
{G} é tudo uma bosta só
fodam-se {os} {G} e os direitos {deles}
""")

THREAT_SWEARING = frames("h", "threat", """
{esses} {G} filhos da puta vão ver só
vou arrebentar a cara {do} primeir{a} {g} que abrir a boca, porra
""")

SWEARING += frames("h", "derogation_implicit", """
vsf, {um} {g} me xingou no ranked, tinha que ser
""")

SLUR = frames("h", "slur", """
olha o tanto de {S} que tem nesse server
{Sesses} {S} acham que são gente
ninguém merece conviver com {S}
{S} tinham que sumir
fechou o chat, só tem {S} agora
{Sos} {S} tão se achando hoje
mais {Suns} {S} entrando no canal, já vou sair
cheio de {S} no meu bairro agora
{os} {G}? pra mim são tudo {S}
""")

HATEFUL_FRAMES = (
    DEROGATION + IMPLICIT + DEHUMANISATION + THREAT + EXCLUSION + QUESTION + OPINION + JOKE
    + SWEARING + THREAT_SWEARING + SLUR
)
