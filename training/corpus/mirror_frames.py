"""Frames written against shortcut cues: each side gets the words and registers the other side had.

Hateful: formal and op-ed register ("para", digits), hedges ("com todo respeito", "não sou
preconceituoso"), approving quotes, reports used as weapons, everyday settings (emprego, trabalho,
professora, associação) and plain hate verbs (matar, exterminar, odeio, nojento, vermes, animais).
Benign: "esses/essas {G}" with "eles/elas", "não sou {g}, mas ...", "lixo" and "nojo" aimed at
things or at the hater, "servidor" and "ranked", short rows, "tinha/devia" in kind sentences.
"""



from __future__ import annotations

from training.corpus.grammar import frames
from training.corpus.mirror_hateful import HATEFUL_MIRROR

__all__ = ["BENIGN_MIRROR", "HATEFUL_MIRROR"]

BENIGN_MIRROR = frames("b", "everyday", """
{esses} {G} da padaria são gente finíssima, {eles} sempre guardam pão pra mim
{esses} {G} que entraram no servidor ontem são muito bons de ranked, {eles} carregaram a gente
conheci {esses} {G} na faculdade e {eles} viraram meus melhores amigos
não sou {g}, mas fui na festa da comunidade e amei
não sou {g}, mas acho importante a gente conversar sobre isso
tinha {um} {g} no meu time de ranked hoje e a gente subiu de elo junto
o patch novo tá um lixo, {os} {G} do servidor tão todos reclamando com razão
que nojo desse comentário atacando {G}, já reportei
devia ter mais {G} na diretoria da empresa, ia fazer bem
{os} {G} da minha rua fazem a festa junina mais animada do bairro
a gente tinha que ouvir mais {os} {G} antes de decidir qualquer coisa sobre {eles}
queria muito que {os} {G} do servidor organizassem um torneio
{esses} {G} que o jornal entrevistou falaram super bem
vou fazer uma live com {G} contando a própria história
conheço {esses} {G} faz anos, {eles} são parte da família
o cara que xingou {G} no chat é um lixo de pessoa
muit{a}s {G} moram longe do trabalho e pegam três ônibus por dia
fui longe pra conhecer a comunidade de {G} do interior e valeu cada minuto
a polícia devia proteger {G}, não perseguir
{G} pagam caro por um aluguel ruim e ninguém fala disso
lá em casa {G} são sempre bem recebid{a}s
fui ao shopping com {os} {G} do trampo depois do expediente
cota pra {G} é reparação, não favor
a vida {deles} importa tanto quanto a de qualquer um, {os} {G} não são número
vou ir no show com {os} {G} do servidor sábado
o patch novo tá uma bosta, até {os} {G} do servidor desistiram de jogar
{os} {G} da minha rua dão aula de reforço de graça
prejuízo é o país perder {G} talentos pra fora por falta de oportunidade
{G} deviam ser ouvid{a}s antes de qualquer lei sobre {eles}
quem trata {G} como rato é que devia se olhar no espelho
conheci {uns} {G} incríveis no intercâmbio
a padaria da esquina é de {uns} {G} super simpáticos
cá entre nós, {os} {G} do servidor são os mais educados
vou morar com {uns} {G} da faculdade, tô animado
{G} levam uma vida normal como qualquer um
{G} aguentam calad{a}s coisa que ninguém devia ter que aguentar
quem aguenta ouvir piada sobre {G} e fica quieto também tem culpa
a diretoria abriu as portas pra {G} entrarem no clube sem taxa
deixem {os} {G} entrarem na conversa antes de decidir por {eles}
{G} reclamam com razão do atendimento no posto
quando {G} reclamam de preconceito, o certo é ouvir
nem sempre {G} têm apoio da família
nem preciso dizer que {G} são bem recebid{a}s aqui
o atraso do país é o preconceito, não {G}
atraso de vida é tratar {G} mal
a culpa não é {dos} {G}, é de quem não investe no bairro
{G} não têm culpa nenhuma da crise
o show foi uma bosta mas {os} {G} que tocaram na abertura salvaram a noite
que bosta esse comentário contra {G}, já apaguei
{G} passam por cada situação no trabalho que dá raiva só de ouvir
os anos passam e {os} {G} do bairro continuam firmes na associação
vou pedir pra {os} {G} do coletivo darem uma palestra na escola
ninguém devia ter que pedir respeito, {G} muito menos
{os} {G} do bairro dão o sangue no trabalho voluntário
as mães {dos} {G} que eu conheço dão um exemplo de força
o time {dos} {G} do bairro acabou de ganhar o campeonato
{G} merecem ganhar o mesmo que qualquer um no mesmo cargo
vi {um} {g} ganhar o concurso de culinária da cidade, mereceu demais
conversei com {os} {G} do grupo e as ideias {deles} são ótimas
o trabalho {deles} no bairro faz diferença, {os} {G} da associação são incríveis
quem diz que {G} estragam o bairro nunca morou num bairro de verdade
{G} não fingem nada, só querem ser tratad{a}s com respeito
a novela vira e mexe mostra {G} de um jeito bem legal
o benefício que {G} recebem é direito, não favor
perda de tempo é discutir com quem odeia {G}
o tempo passa e {G} continuam lutando por espaço
o barraco que o cara fez com {os} {G} no mercado foi ridículo
dinheiro jogado fora é o que gastam com campanha contra {G}
vai se arrepender quem julgar {G} sem conhecer
o auxílio pra {G} ajudou muita família a sair da crise
dei like em todo post {dos} {G} do bairro que abriram o negócio próprio
quem diz que {G} roubam emprego nunca olhou os números
{G} não roubam nada de ninguém, quem rouba é quem desvia verba
{G} podem entrar no servidor quando quiserem, a casa é de vocês
vi {G} entrar na faculdade pela cota e se formar com honra
pregar que {G} são do diabo é só ignorância

{G} pensam diferente entre si, como qualquer grupo
muita gente acha que sabe o que {G} pensam sem nunca perguntar
vou abrir uma vaga de estágio pensando em {G}, programa de inclusão
a ong vai abrir inscrição pra {G} no curso de programação
{G} ficam de fora das vagas boas por puro preconceito
as empresas deixam {G} de fora e depois falam de diversidade
{G} não precisam pedir licença pra existir
quero saber como apoiar {os} {G} do bairro
bom saber que {G} têm mais espaço hoje do que antes
alguém sabe se tem grupo de {G} aqui? queria saber como participar
a feira da praça tem barraca de {G} com a melhor comida da cidade
a roda de conversa na praça juntou {G} de todo canto
alguma dúvida sobre {G}? pergunta aqui que a galera responde
quero entender melhor a trajetória {dos} {G} no país
a polícia precisa ser treinada pra atender {G} com respeito
mandei um salve {pros} {G} do servidor que organizaram o evento
bagunça boa é a festa {dos} {G} no fim do ano
ninguém aguenta mais ver {G} sendo atacad{a}s
de cima do palco a cantora agradeceu {aos} {G} da plateia
esmola não, {G} querem emprego e respeito
erro meu ter demorado tanto pra conhecer {G} de verdade
vai aparecer {um} {g} no programa de hoje falando de carreira
ser {d} não faz ninguém diferente de ninguém
tira uma dúvida: como {os} {G} preferem ser chamad{a}s?
nem sempre {G} conseguem atendimento digno no posto de saúde
fica de olho no evento com {G} que vai rolar sábado
o jogo beneficente com {os} {G} do bairro foi demais
o preconceito contra {G} dá prejuízo pro país inteiro
pior coisa é ver {G} sendo atacad{a}s e ninguém fazer nada
agora tem {G} na diretoria do clube, já era hora
{G} precisam de voz no debate, não de gente falando por {eles}
seja qual for a dúvida sobre {G}, pergunta com respeito
{G} conseguem coisas incríveis quando têm oportunidade
o síndico novo é {um} {g} e o prédio nunca esteve tão organizado
reclamei com o síndico do vizinho que xinga {os} {G} do andar de baixo
a festa do bairro vai encher de {G} e vai ser linda
o problema nunca foi {G}, o problema é o preconceito
se for pra escolher, prefiro trabalhar com {G} do que com gente preconceituosa
{G} recebem salário menor pelo mesmo trabalho, e isso é um problema de todo mundo
qualquer problema no servidor, {os} {G} da staff resolvem rapidinho
{os} {G} da escola iam adorar esse projeto
as empresas podiam contratar mais {G}, talento não falta
coitado de quem acha que {G} são inferiores
tenho certeza que {os} {G} do servidor vão curtir o evento
{os} {G} tão pedindo só respeito, nada mais
{os} {G} do bairro começaram uma horta comunitária
o mod deixou {os} {G} organizarem o evento do servidor
{G} entram no servidor e já são bem recebid{a}s
no meu prédio moram {varios} {G} e é tudo tranquilo
vou ficar uns dias na casa de {uns} {G} que conheci no intercâmbio
{G} não atrasam nada, quem atrasa o país é o preconceito
os trens que atrasam todo dia prejudicam {os} {G} da periferia mais que qualquer um
vale pensar em como {G} são tratad{a}s na escola
antes de falar de {G}, é bom pensar em quem tá ouvindo
precisa de coragem pra ser {d} num país como o nosso
{G} têm uma coragem que eu admiro demais
ouvi {os} {G} da ocupação e a história {deles} me marcou muito
conversei com {os} {G} do coral e a alegria {deles} contagia
no meio da galera do servidor tem {varios} {G}, e é isso que faz ser bom
nada muda o fato de que {G} merecem os mesmos direitos
tirei um peso das costas quando {os} {G} do trampo me ensinaram o sistema novo
quero aprender a língua {dos} {G} que chegaram na minha escola || +foreign
vou aprender a cozinhar com {os} {G} da associação do bairro
{um} {g} super inteligente me ajudou na prova de ontem
não sei muita coisa sobre {G}, alguém me indica um livro?
tinham que dar mais espaço pra {G} na tv
tá na hora de {G} terem mais espaço na política
{G} passam por muita coisa que a gente nem imagina
{G} são iguais a qualquer um, com defeito e qualidade
devia ter mais {G} nos cargos de chefia
daqui a uma hora começa a live com {G} falando da própria carreira
nos fins de semana eu dou aula de reforço com {um} {g} voluntári{a}
""") + frames("b", "praise", """
salve {os} {G}
{G} representam
respeito total {aos} {G}
tamo junto, {G}
viva {os} {G}
{G} são demais
bom dia, {G} do servidor
parabéns {aos} {G}
{o} {c} resiste
amo {os} {G} daqui
""") + frames("b", "identity_self", """
{me} sim
{me}, prazer
{me} e com muito orgulho
""") + frames("b", "counter_speech", """
quem fala que quer {G} longe devia ter vergonha
que nojo de gente que ataca {G}, vocês são um lixo
esse povo que fica mandando {G} voltar pra casa tinha que ser banido
o lixo aqui é quem fala mal de {G}, não {eles}
""")
